import Foundation
import PopBenchCore

/// `phased-majority`: an in-house exact majority protocol with Θ(log n) states, built in the
/// framework that the abstract of [AAG18] names: a leaderless phase clock drives alternating
/// cancelling and doubling (splitting) phases over values ±2^-i, and a slow exact backup takes
/// over when the fast part gets stuck.
///
/// Sources and honesty. D. Alistarh, J. Aspnes, R. Gelashvili, "Space-optimal majority in
/// population protocols", SODA 2018 (arXiv 1704.04947) claims O(log n) states and O(log^2 n)
/// expected parallel time with "a new leaderless phase clock technique, which allows agents to
/// synchronize in phases of Θ(n log n) consecutive interactions using O(log n) states". Only
/// that abstract (and the abstract of Berenbrink et al., DISC 2018: "O(log n) phases ... all
/// agents well synchronized within each phase") could be read; the paper's pseudocode, its
/// clock rule and its constants could not. Every rule below is therefore this catalog's own
/// design, and the protocol is NOT the [AAG18] row of the seed's table (that row is carried by
/// `block-majority --block 1`, built from a written reconstruction of the framework); it measures
/// what this catalog's own design in the framework achieves, under its own name.
///
/// Roles. Agents start unassigned with their input (A = +, B = −) and keep the input bit for
/// the backup. Two unassigned agents with opposite inputs cancel and both become clocks; two
/// with equal inputs do nothing; an unassigned agent meeting an assigned one becomes a worker
/// holding its input's value ±2^L (level 0). (At a tie the unassigned fraction u follows
/// du/dt = −u(2 − u) per parallel time and clocks grow at u^2, so ln 4 − 1 ≈ 39% of the
/// agents become clocks; with a lopsided input fewer, and with fewer than two clocks no phase
/// ever starts, which leaves the always-on cancellation below, still exact.)
///
/// Clock (power of two choices, the leaderless phase clock of this design). A clock holds a
/// position in Z_Ψ, Ψ = 4Z. When two clocks meet, the one behind (signed circular difference)
/// advances by one; on a tie the initiator advances. Positions [0, Z) are the cancel zone,
/// [2Z, 3Z) the doubling zone, the rest buffers wider than the clocks' spread, so a worker
/// does not see both zones at once. A worker switches to doubling on meeting a clock in the
/// doubling zone and back to cancelling on meeting one in the cancel zone. Z = ⌈ρ log2 n⌉
/// (ρ = 1 by default): a zone lasts about Z/f parallel time (a clock advances by f, the clock
/// fraction, per unit), the Θ(log n) a worker needs to meet a zero with probability
/// 1 − n^(−Θ(ρ)).
///
/// Workers hold a value s·2^(L−k) with sign s and level k in 0...L, or 0. In one interaction:
/// - opposite signs (cancellation, in every phase): levels equal: both become 0; one apart:
///   2u − u = u, the larger is halved and the smaller becomes 0; two apart: 4u − u = 2u + u, the
///   larger is halved and the smaller takes its sign; three or more apart (not two powers of
///   two): both enter the backup if the larger value is stalled and cancelling, else nothing;
/// - a nonzero worker in a doubling phase that has not split in it, meeting a zero worker also
///   in a doubling phase, with level < L: both take the value halved (level + 1), marked split
///   (a value halved by a cancellation takes its partner's mark, so no value halves twice in
///   one doubling phase); a nonzero worker that leaves a doubling phase unsplit is marked
///   stalled until its value is next halved;
/// - a zero worker or a clock meeting a nonzero worker outputs that worker's sign.
/// L = max(2, ⌈log2 n⌉ − 2): a margin of one input (2^L) spreads into at most 2^L ≤ n/2 pieces,
/// fewer than the zeros, so the last doublings do not starve for zeros.
///
/// Backup: the 4-state exact majority (strong A, B; weak a, b; A+B -> a+b, A+b -> A+a,
/// B+a -> B+b). An agent meeting a backup agent enters it as the strong state of its input.
///
/// Why it is always correct. (1) Every rule without the backup keeps the sum of values, which
/// starts at 2^L (#A − #B) ≠ 0. (2) Every rule keeps Σ (input sign of non-backup agents) +
/// #strong A − #strong B = #A − #B, so once the backup has spread to everyone (an epidemic: with
/// probability 1) the 4-state protocol settles on the majority. (3) Without the backup: a
/// cancellation lowers Σ|value| (a whole number), splits keep it, so cancellations are finite.
/// After the last one, splits only raise levels (at most L) and need zeros, so they stop too;
/// from then on a value below L is unsplit through every doubling phase (at least two clocks
/// keep cycling; with fewer no value ever splits and all levels stay 0), hence stalled, and
/// two opposite values three or more levels apart would start the backup at their next meeting
/// in a cancelling phase, while values at most two apart would cancel. So with probability 1
/// one sign remains, the sign of the sum: the majority. Zeros and clocks
/// then adopt it, and nothing can change an output again. `PhasedMajorityTests` checks this on
/// every reachable configuration for n <= 6 (the backup is first reachable at n = 7, too large
/// to explore; its rules are checked to keep the vote count of (2)). In practice the backup is not needed: in 1000
/// seeded runs from a margin of one at n = 1001 and at n = 10001 every time stayed below 640
/// and 1270 parallel time, where a run through the backup takes the 4-state protocol's
/// Θ(n log n) (about 3000 and 50000).
public enum PhasedMajority {
    enum Role: Hashable { case unassigned, clock, worker, backup }

    /// One agent. Fields unused by a role stay at their defaults, so equal agents are equal.
    struct Agent: Hashable {
        var role: Role
        /// Input B (else A); for backup agents: the 4-state protocol's side.
        var inputB = false
        /// Clock position in Z_Ψ.
        var position = 0
        /// Worker sign: +1, −1, or 0 for a zero worker.
        var sign = 0
        /// Nonzero worker level k: value 2^(L−k).
        var level = 0
        /// Worker in a doubling phase (else cancelling).
        var doubling = false
        /// Nonzero worker that has split in the current doubling phase.
        var split = false
        /// Nonzero worker that went through a whole doubling phase without splitting (no zero
        /// met); cleared when its value is halved.
        var stalled = false
        /// Output B (else A) of clocks and zero workers.
        var outputsB = false
        /// Backup agent in a strong state.
        var strong = false

        /// The agent with every field its role does not use reset, so that agents with the same
        /// name are equal.
        var canonical: Agent {
            switch role {
            case .unassigned: return Agent(role: .unassigned, inputB: inputB)
            case .clock: return Agent(role: .clock, inputB: inputB, position: position, outputsB: outputsB)
            case .backup: return Agent(role: .backup, inputB: inputB, strong: strong)
            case .worker:
                if sign == 0 { return Agent(role: .worker, inputB: inputB, doubling: doubling, outputsB: outputsB) }
                return Agent(role: .worker, inputB: inputB, sign: sign, level: level, doubling: doubling, split: doubling && split,
                             stalled: stalled && !(doubling && split))
            }
        }

        var outputB: Bool {
            switch role {
            case .unassigned, .backup: inputB
            case .clock: outputsB
            case .worker: sign == 0 ? outputsB : sign < 0
            }
        }
    }

    /// The n-dependent constants: levels L and zone width Z (Ψ = 4Z).
    struct Constants: Hashable, Sendable {
        var levels: Int
        var zone: Int
    }

    /// `a` entering the backup: the strong state of its input (a backup agent stays as it is).
    static func backup(_ a: Agent) -> Agent {
        a.role == .backup ? a : Agent(role: .backup, inputB: a.inputB, strong: true)
    }

    /// The 4-state exact majority between two backup agents.
    static func backupRule(_ a: Agent, _ b: Agent) -> (Agent, Agent) {
        var a = a, b = b
        if a.inputB != b.inputB {
            if a.strong && b.strong { a.strong = false; b.strong = false }
            else if a.strong { b.inputB = a.inputB }
            else if b.strong { a.inputB = b.inputB }
        }
        return (a, b)
    }

    /// A worker's phase after seeing a clock at `position`.
    static func follow(_ w: Agent, clockAt position: Int, zone z: Int) -> Agent {
        var w = w
        if !w.doubling && position >= 2 * z && position < 3 * z { w.doubling = true; w.split = false }
        if w.doubling && position < z {
            if w.sign != 0 && !w.split { w.stalled = true }
            w.doubling = false; w.split = false
        }
        return w
    }

    /// Two workers (the cancel and split rules of the doc comment).
    static func workers(_ a: Agent, _ b: Agent, levels: Int) -> (Agent, Agent) {
        var a = a, b = b
        if a.sign != 0 && b.sign != 0 && a.sign != b.sign {
            switch abs(a.level - b.level) {
            case 0:
                a.outputsB = a.sign < 0; b.outputsB = b.sign < 0
                a.sign = 0; b.sign = 0; a.level = 0; b.level = 0; a.split = false; b.split = false; a.stalled = false; b.stalled = false
            case 1:
                // The larger value (smaller level) keeps its sign at half; the other becomes 0.
                // The survivor takes the partner's level and, in a doubling phase, whether the
                // partner has split in it (so a value is not halved twice in one phase).
                if a.level < b.level {
                    a.level += 1; a.split = a.doubling && b.split; a.stalled = false
                    b.sign = 0; b.level = 0; b.split = false; b.stalled = false; b.outputsB = a.sign < 0
                } else {
                    b.level += 1; b.split = b.doubling && a.split; b.stalled = false
                    a.sign = 0; a.level = 0; a.split = false; a.stalled = false; a.outputsB = b.sign < 0
                }
            case 2:
                // 4u − u = 2u + u: the larger value is halved, the smaller takes its sign.
                if a.level < b.level {
                    a.level += 1; a.split = a.doubling && b.split; a.stalled = false; b.sign = a.sign
                } else {
                    b.level += 1; b.split = b.doubling && a.split; b.stalled = false; a.sign = b.sign
                }
            default:
                // Three or more apart: the backup starts only when the larger value is in a
                // cancelling phase and stalled (it found no zero in a whole doubling phase, so
                // halving it is not in sight); otherwise a later split may close the gap.
                let larger = a.level < b.level ? a : b
                if larger.stalled && !larger.doubling { return (backup(a), backup(b)) }
            }
            return (a, b)
        }
        func splitInto(_ v: inout Agent, _ z: inout Agent) {
            if v.doubling && !v.split && z.doubling && v.level < levels {
                v.level += 1; v.split = true; v.stalled = false
                z.sign = v.sign; z.level = v.level; z.split = true; z.stalled = false; z.outputsB = false
            } else {
                z.outputsB = v.sign < 0
            }
        }
        if a.sign != 0 && b.sign == 0 { splitInto(&a, &b) } else if b.sign != 0 && a.sign == 0 { splitInto(&b, &a) }
        return (a, b)
    }

    /// The interaction of initiator `a` with responder `b`.
    static func interact(_ a: Agent, _ b: Agent, _ c: Constants) -> (Agent, Agent) {
        let l = c.levels, z = c.zone, psi = 4 * c.zone
        switch (a.role, b.role) {
        case (.backup, .backup): return backupRule(a, b)
        case (.backup, _): return (a, backup(b))
        case (_, .backup): return (backup(a), b)
        case (.unassigned, .unassigned):
            // Opposite inputs cancel into two clocks; equal inputs wait for an assigned partner.
            if a.inputB == b.inputB { return (a, b) }
            return (Agent(role: .clock, inputB: a.inputB, outputsB: a.inputB), Agent(role: .clock, inputB: b.inputB, outputsB: b.inputB))
        case (.unassigned, _): return (joined(a), b)
        case (_, .unassigned): return (a, joined(b))
        case (.clock, .clock):
            var a = a, b = b
            // d = (b − a) mod Ψ: a is behind (or tied, or exactly opposite) when 2d <= Ψ.
            let d = (b.position - a.position + psi) % psi
            if 2 * d <= psi { a.position = (a.position + 1) % psi } else { b.position = (b.position + 1) % psi }
            return (a, b)
        case (.clock, .worker):
            var a = a
            if b.sign != 0 { a.outputsB = b.sign < 0 }
            return (a, follow(b, clockAt: a.position, zone: z))
        case (.worker, .clock):
            var b = b
            if a.sign != 0 { b.outputsB = a.sign < 0 }
            return (follow(a, clockAt: b.position, zone: z), b)
        case (.worker, .worker): return workers(a, b, levels: l)
        }
    }

    /// An unassigned agent meeting an assigned one: a worker with its own input at level 0.
    static func joined(_ u: Agent) -> Agent {
        Agent(role: .worker, inputB: u.inputB, sign: u.inputB ? -1 : 1, level: 0, outputsB: u.inputB)
    }

    /// L = max(2, ⌈log2 n⌉ − 2) and Z = max(1, ⌈ρ log2 n⌉); `levels` overrides L (the
    /// exhaustive check uses it to reach the backup at small n).
    static func constants(n: Int, rho: Double, levels: Int? = nil) -> Constants {
        var log2n = 0
        while (1 << log2n) < max(n, 2) { log2n += 1 }
        return Constants(levels: levels ?? max(2, log2n - 2), zone: max(1, Int((rho * Double(log2n)).rounded(.up))))
    }

    /// The state name: `A`/`B` unassigned; `c<pos><in><out>` clock; `+<k>`/`-<k>` nonzero worker
    /// (with `d` doubling, `s` split, `t` stalled) then `:<in>`; `0<out>` zero worker (`d`
    /// doubling) then `:<in>`; backup `XA`, `XB` strong and `xa`, `xb` weak.
    static func name(_ s: Agent) -> String {
        let i = s.inputB ? "B" : "A"
        switch s.role {
        case .unassigned: return i
        case .clock: return "c\(s.position)\(i)\(s.outputsB ? "B" : "A")"
        case .backup: return s.strong ? "X\(i)" : "x\(i.lowercased())"
        case .worker:
            let phase = (s.doubling ? "d" : "") + (s.split ? "s" : "") + (s.stalled ? "t" : "")
            if s.sign == 0 { return "0\(s.outputsB ? "B" : "A")\(phase):\(i)" }
            return "\(s.sign > 0 ? "+" : "-")\(s.level)\(phase):\(i)"
        }
    }

    /// The protocol for the given constants.
    static func spec(_ c: Constants) -> ProtocolSpec {
        let a = Agent(role: .unassigned), b = Agent(role: .unassigned, inputB: true)
        let (states, table) = GeneratedProtocol.reachable(from: [a, b]) { p, q in
            let (p2, q2) = interact(p, q, c)
            return (p2.canonical, q2.canonical)
        }
        return GeneratedProtocol.spec(
            name: "phased-majority", states: states.map(name), outputs: states.map { $0.outputB ? "B" : "A" },
            initial: InitialConfiguration([(name(a), .majority), (name(b), .minority)])
        ) { p, q in table[p << 16 | q]! }
    }

    static let tables = TableCache<Constants, CompiledProtocol> { try! CompiledProtocol(spec($0)) }

    /// The compiled table for population n with zone factor ρ (default 1) and, for the
    /// exhaustive check only, L set to `levels`.
    public static func table(n: Int, rho: Double = 1, levels: Int? = nil) -> CompiledProtocol {
        tables.value(constants(n: n, rho: rho, levels: levels))
    }

    /// L (levels) and Z (zone width) at n, for the tests and the docs.
    public static func levelsAndZone(n: Int, rho: Double = 1, levels: Int? = nil) -> (levels: Int, zone: Int) {
        let c = constants(n: n, rho: rho, levels: levels)
        return (c.levels, c.zone)
    }

    /// The catalog entry. Budget 400 (log2 n)^2 + 10^4 parallel time: far beyond the fast
    /// path's measured 5 to 7 (log2 n)^2 from a margin of one; a run that falls to the backup
    /// there needs Θ(n log n) and may exceed it at large n (reported as a timeout, not as an
    /// error).
    public static let plugin = ProtocolPlugin(
        name: "phased-majority",
        summary: "phase-clocked cancel/double exact majority with a 4-state backup, Θ(log n) states (in-house, AAG18 framework)",
        reference: "in-house; framework of Alistarh, Aspnes, Gelashvili, Space-optimal majority in population protocols, SODA 2018 (arXiv 1704.04947), rules not from the paper",
        goal: .majority,
        parameters: [.real("rho", default: 1, range: 0.25...2,
                           help: "clock zone width Z = ceil(rho log2 n) positions (at most 2, so the states stay under the engines' 4096 for every n < 2^63)")],
        bound: .log2,
        notes: "always correct (exact: phase-clocked cancel/double plus a 4-state backup); Θ(log n) states; designed for O(log^2 n) parallel time (about log2 n clock cycles of Θ(log n) each), measured, not proven",
        claim: ProtocolClaim(row: "phased majority (in-house)", paper: "in-house; framework of Alistarh, Aspnes, Gelashvili SODA 2018, rules not from the paper",
                             states: "Theta(log n)", time: "O(log^2 n)", shape: .log2, exact: true, rules: .inHouse),
        table: { setup in table(n: setup.n, rho: setup.config["rho"].flatMap { Double($0.description) } ?? 1) },
        budget: { setup in
            let l = Foundation.log2(Double(max(setup.n, 2)))
            return 400 * l * l + 10_000
        })
}
