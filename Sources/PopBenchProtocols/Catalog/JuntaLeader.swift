import Foundation
import PopBenchCore

/// `junta-leader`: leader election by junta, junta-driven phase clock and round-by-round
/// elimination, built from the written specification le-bgk20.md (../shared/reference/protocols/)
/// of the architecture of P. Berenbrink, G. Giakkoupis, P. Kling, "Optimal time and space leader
/// election in population protocols", STOC 2020. Confidence low: no rule of BGK20 was read; the
/// spec's rules are built to meet the stages' interfaces, so this plugin has an in-house name and
/// stands for the seed's [BGK20] row as "reconstructed".
///
/// The stand-in stage. BGK20's "dual epidemic selection" (grow, then shrink to poly(log n)
/// candidates) could not be reconstructed; this protocol runs the spec's stand-in S3' (GS18-style
/// halving by synthetic coins) until one candidate is left and skips the lottery of Stage 4 (the
/// spec allows this: "run S3' until the end and skip Stage 4"). Halving needs Θ(log n) rounds of
/// Θ(log n) time, so its time is Θ(log² n) by design, NOT BGK20's O(log n).
///
/// Stages (le-bgk20.md), all running at once, each side of an interaction updated from the old
/// states:
/// - Stage 0, synthetic coin: every agent toggles `coin` at each interaction; an agent's random
///   bit is its partner's coin.
/// - Stage 1, junta (GS18-style): everyone starts at level 0, climbing, in the junta, a
///   candidate. Seeing a higher level, an agent takes it and leaves the junta and the candidates;
///   a climbing agent meeting its own level (below the cap LL + 2, LL = ⌈log2 L⌉) climbs one,
///   meeting anything else it stops climbing.
/// - Stage 2, junta-driven clock: a junta member meeting an agent at its own position advances
///   (mod Ψ); an agent seeing a partner ahead by 1…Ψ/2 − 1 copies its position. A wrap past 0
///   starts the agent's next round. Two agents are in the same round when their positions differ
///   by less than Ψ/2 as numbers (valid while the clock's spread stays below Ψ/2); this replaces
///   the spec's round index mod 3, which would triple the states past the engines' 4096.
/// - Stage 3', halving: a candidate draws one bit per round (its partner's coin at its first
///   interaction of the round); a bit-1 candidate raises a flag; flags spread by epidemic within a
///   round; a bit-0 candidate that sees a flag of its round drops out.
///
/// Flags and levels (this catalog's rule, the spec's Stage 1 and S3' do not say how they meet):
/// an agent's flag means "a candidate at my level or above drew 1 this round"; it is copied only
/// from a partner of the same round at the same or a higher level, and cleared when the agent
/// climbs (unless it raised it itself) or wraps. So a candidate at the highest level drops only
/// for a candidate at that level that drew 1, which survives its round; a climbing agent is a
/// candidate; hence at least one candidate is always left (tested after every interaction).
public enum JuntaLeader {
    struct Agent: Hashable {
        var level = 0
        var climbing = true
        var junta = true
        var candidate = true
        var coin = false
        var position = 0
        /// This round's bit: nil until drawn (candidates only).
        var bit: Bool? = nil
        var flag = false

        var canonical: Agent {
            var a = self
            if !a.candidate { a.climbing = false; a.bit = nil }
            return a
        }
    }

    struct Constants: Hashable, Sendable {
        /// Level cap LL + 2.
        var cap: Int
        /// Clock modulus Ψ.
        var modulus: Int
    }

    /// LL = ⌈log2 L⌉ with L = ⌈log2 n⌉; cap = LL + 2.
    static func constants(n: Int, modulus: Int) -> Constants {
        var l = 1
        while (1 << l) < n && l < 62 { l += 1 }
        var ll = 0
        while (1 << ll) < l { ll += 1 }
        return Constants(cap: ll + 2, modulus: modulus)
    }

    /// Agent `u` after meeting `v` (both old states).
    static func update(_ u: Agent, _ v: Agent, _ c: Constants) -> Agent {
        var w = u
        let psi = c.modulus
        // Stage 1: levels.
        if v.level > u.level {
            w.level = v.level; w.climbing = false; w.junta = false; w.candidate = false; w.flag = false
        } else if u.climbing {
            if v.level == u.level && u.level < c.cap { w.level += 1; w.flag = u.bit == true } else { w.climbing = false }
        }
        // Stage 2: the clock.
        let d = (v.position - u.position + psi) % psi
        if d == 0 && u.junta { w.position = (u.position + 1) % psi } else if d > 0 && 2 * d < psi { w.position = v.position }
        if w.position < u.position { w.bit = nil; w.flag = false }   // wrapped: a new round
        // Stage 3': the flag of this round, from a partner at this level or above.
        if abs(w.position - v.position) * 2 < psi && v.level >= w.level && v.flag { w.flag = true }
        if w.candidate && w.bit == nil {
            w.bit = v.coin
            if v.coin { w.flag = true }
        }
        if w.candidate && w.bit == false && w.flag { w.candidate = false; w.climbing = false }
        // Stage 0: the coin.
        w.coin.toggle()
        return w.canonical
    }

    /// State name: `L`/`F` (candidate or not), level, `c` climbing, `j` junta, coin `0`/`1`,
    /// `@position`, bit `b0`/`b1`, `!` flag.
    static func name(_ a: Agent) -> String {
        var s = (a.candidate ? "L" : "F") + "\(a.level)"
        if a.climbing { s += "c" }
        if a.junta { s += "j" }
        s += (a.coin ? "1" : "0") + "@\(a.position)"
        if let b = a.bit { s += b ? "b1" : "b0" }
        if a.flag { s += "!" }
        return s
    }

    static func spec(_ c: Constants) -> ProtocolSpec {
        let start = Agent()
        let (states, table) = GeneratedProtocol.reachable(from: [start]) { p, q in (update(p, q, c), update(q, p, c)) }
        let names = states.map(name)
        return GeneratedProtocol.spec(
            name: "junta-leader", states: names, outputs: states.map { $0.candidate ? "L" : "F" },
            initial: InitialConfiguration([(names[0], .rest)]),
            convergence: .count(states: names.filter { $0.hasPrefix("L") }, comparison: .equal, value: 1)
        ) { p, q in table[p << 16 | q]! }
    }

    static let tables = TableCache<Constants, CompiledProtocol> { try! CompiledProtocol(spec($0)) }

    static func constants(_ setup: TrialSetup) -> Constants {
        constants(n: setup.n, modulus: setup.config["psi"].flatMap { Int($0.description) } ?? 12)
    }

    /// The compiled table at population n with clock modulus Ψ.
    public static func table(n: Int, psi: Int = 12) -> CompiledProtocol { tables.value(constants(n: n, modulus: psi)) }

    /// The level cap LL + 2 at n.
    public static func levelCap(n: Int) -> Int { constants(n: n, modulus: 12).cap }

    /// The seed's [BGK20] row, which this plugin stands for with reconstructed rules and the
    /// stand-in selection stage.
    static let bgk20Claim = ProtocolClaim(row: "leader election [BGK20] (stand-in stage S3': log^2 n by design)",
        paper: "Berenbrink, Giakkoupis, Kling, Optimal time and space leader election in population protocols, STOC 2020; rules reconstructed in the spec le-bgk20.md (confidence low), selection stage replaced by the stand-in S3'",
        states: "O(log log n)", time: "O(log n) expected", shape: .log, exact: true, rules: .reconstructed)

    /// The catalog entry. Budget 60 L^2 + 10^4 parallel time (the stand-in's Θ(log² n), with room).
    public static let plugin = ProtocolPlugin(
        name: "junta-leader",
        summary: "junta + junta-driven phase clock + coin-flip halving leader election, Θ(log log n) states (in-house; BGK20 architecture, rules reconstructed, stand-in stage S3')",
        reference: "in-house, rules reconstructed (not the paper's): the spec le-bgk20.md of the architecture of Berenbrink, Giakkoupis, Kling, Optimal time and space leader election in population protocols, STOC 2020 (HAL hal-02545348; confidence low), with GS18-style junta and clock",
        goal: .leader(symbol: "L"),
        parameters: [.int("psi", default: 12, range: 6...32, help: "clock modulus: positions per round (the spec's constant, e.g. 12)")],
        bound: .log2,
        notes: "stand-in stage: BGK20's dual epidemic selection and exponential elimination are NOT built; candidates are halved by synthetic coin flips each clock round (the spec's S3', GS18-style) until one is left, so expect Θ(log^2 n) time, not BGK20's O(log n); at least one candidate at every step; Θ(log log n) states (levels up to ceil(log2 ceil(log2 n)) + 2)",
        minimumN: 2,
        claim: bgk20Claim,
        table: { setup in tables.value(constants(setup)) },
        budget: { setup in
            let l = Foundation.log2(Double(max(setup.n, 2)))
            return 60 * l * l + 10_000
        },
        check: { setup in
            let psi = constants(setup).modulus
            guard psi % 2 == 0 else { throw UsageError("--psi: \(psi) is odd; allowed: an even number in 6...32") }
        })
}
