import Foundation

/// `block-majority`: the phase-clock cancel/split exact majority family with a block parameter B,
/// built from the written specifications aag18.md and bkkp20.md (../shared/reference/protocols/).
/// B = 1 synchronizes every value level with a full clock rotation (the [AAG18] framework:
/// Θ(log n) states, designed for Θ(log² n) time); B ≈ √L groups the levels into blocks of B
/// short windows and one long synchronizing window per block (the [BKKP20] schedule: L·Θ(√L) +
/// (L/B)·Θ(L) = Θ(L^{3/2}), bkkp20.md "Why log^{3/2}").
///
/// Honesty. Both specs read only the papers' abstracts (confidence low–medium for AAG18, low for
/// BKKP20); every rule here is the specs' reconstruction, in this catalog's own code, so the
/// plugin carries an in-house name and stands for the seed's [AAG18] and [BKKP20] rows as
/// "reconstructed", never as the papers' rules.
///
/// Roles (aag18.md "State", bkkp20.md "State"):
/// - fresh: the input, value ±1; two fresh agents make a clock and a worker holding their sum
///   (±2 at level 1, or a zero); a fresh agent meeting anyone else becomes a worker ±1 (level 0);
/// - clock: position x in Z_Ψ, Ψ = B·w + W; the agent behind advances when two clocks meet
///   (initiator on a tie): the leaderless "power of two choices" clock of aag18.md;
/// - nonzero worker: sign s and level e in {1, 0, …, −L}, value s·2^e;
/// - zero worker: hour h in 0…H_end (H_end = L + 2) and the bit inSync (it has seen its block's
///   sync window); in the final stage instead a tie check (below);
/// - backup: the 6-state exact protocol (active A, B, T; passive a, b, t).
/// Every agent keeps its input for the backup; clocks and zeros output the last sign they met.
///
/// Stage 1 (bkkp20.md "Rules"): a clock position is in short window win(x) = ⌊x / w⌋ below Bw,
/// else in the block's long sync window (of which only the middle half counts, see
/// `zeroSeesClock`). A zero of block r = ⌊(h − 1)/B⌋ meeting a clock raises h to
/// (r + 1)B in the sync window, and otherwise to rB + win + 1 (r + 1 when it has seen the sync
/// window since: the clock wrapped). Zeros copy the larger hour from each other. Opposite signs
/// at the same level cancel into zeros at hour max(0, −e); a nonzero at level e > −L splits into
/// a zero whose hour exceeds −e (both go to level e − 1). So block r opens one level per short
/// window and the whole block again in its sync window.
///
/// Stage 2 (aag18.md "Stage 2"): a zero reaching H_end turns final, and final spreads between
/// workers. Final workers stop splitting and resolve opposite signs exactly: levels equal cancel;
/// one apart, the larger keeps its sign one level lower and the smaller becomes zero; two apart,
/// the smaller takes the larger's sign and the larger goes one level lower; three or more apart,
/// both enter the backup.
///
/// Ties (the specs route them to the backup without saying how; this is this catalog's rule):
/// a final zero counts clock rotations (a wrap = the sync window, then a short window); after
/// its first wrap it must meet a nonzero worker within each rotation, else it enters the backup.
/// It checks `tieChecks` wraps and then stops, so the outputs can settle. At a tie every value
/// cancels, so every final zero fails the check and the backup outputs T; elsewhere a false
/// alarm only costs time (the backup is exact).
///
/// Why it is exact. Every rule outside the backup keeps Σ values = #A − #B (the splits halve a
/// value into two, the final rules are the identities 2u − u = u and 4u − u = 2u + u), and every
/// rule keeps Σ inputs of non-backup agents + #active A − #active B = #A − #B, so the backup,
/// once it has spread, settles on the majority (T at a tie). Without it, one sign can remain only
/// if it is the sign of the sum.
public enum BlockMajority {
    enum Role: Hashable { case fresh, clock, worker, backup }

    /// One agent; fields its role does not use stay at their defaults (`canonical`).
    struct Agent: Hashable {
        var role: Role
        /// Input B (else A).
        var inputB = false
        /// Worker in the final stage.
        var final = false
        /// Worker sign (+1, −1; 0: a zero worker); backup side (+1 A, −1 B, 0 T).
        var sign = 0
        /// Nonzero worker level e: value sign·2^e.
        var level = 0
        /// Clock position.
        var position = 0
        /// Clock and zero output: the last sign met (0: T).
        var output = 0
        /// Zero worker hour (stage 1).
        var hour = 0
        /// Zero worker: has seen the sync window since its last short window.
        var inSync = false
        /// Final zero: met a nonzero worker since its last wrap.
        var seen = false
        /// Final zero: wraps counted by the tie check (stops at `tieChecks`).
        var checks = 0
        /// Backup agent active (else passive).
        var active = false

        /// The agent with the fields of other roles reset, so that equal agents are equal.
        var canonical: Agent {
            switch role {
            case .worker:
                if sign != 0 { return Agent(role: .worker, inputB: inputB, final: final, sign: sign, level: level) }
                if !final { return Agent(role: .worker, inputB: inputB, output: output, hour: hour, inSync: inSync) }
                if checks >= BlockMajority.tieChecks { return Agent(role: .worker, inputB: inputB, final: true, output: output, checks: checks) }
                return Agent(role: .worker, inputB: inputB, final: true, output: output, inSync: inSync, seen: seen, checks: checks)
            case .fresh: return Agent(role: .fresh, inputB: inputB)
            case .clock: return Agent(role: .clock, inputB: inputB, position: position, output: output)
            case .backup: return Agent(role: .backup, sign: sign, active: active)
            }
        }

        /// Output: +1 A, −1 B, 0 T.
        var vote: Int {
            switch role {
            case .fresh: inputB ? -1 : 1
            case .clock: output
            case .backup: sign
            case .worker: sign != 0 ? sign : output
            }
        }
    }

    /// Wraps a final zero checks for a nonzero partner (the first one only starts the count).
    static let tieChecks = 2

    /// The n-dependent constants (bkkp20.md "Parameters"): L, B, short window w, sync window W.
    struct Constants: Hashable, Sendable {
        var levels: Int
        var block: Int
        var window: Int
        var sync: Int
        /// Ψ = B·w + W: one rotation is one block.
        var modulus: Int { block * window + sync }
        /// H_end = L + 2.
        var endHour: Int { levels + 2 }
    }

    /// L = ⌈log2 n⌉ (at least 1); B = `block` (0: ⌈√L⌉); w = ⌈window·√L⌉; W = ⌈sync·L⌉.
    static func constants(n: Int, block: Int, window: Double, sync: Double) -> Constants {
        var l = 1
        while (1 << l) < n && l < 62 { l += 1 }
        let root = Double(l).squareRoot()
        return Constants(levels: l, block: block > 0 ? block : Int(root.rounded(.up)),
                         window: max(1, Int((window * root).rounded(.up))), sync: max(1, Int((sync * Double(l)).rounded(.up))))
    }

    /// An agent entering the backup: active on its input (a backup agent stays as it is).
    static func backup(_ a: Agent) -> Agent {
        a.role == .backup ? a : Agent(role: .backup, sign: a.inputB ? -1 : 1, active: true)
    }

    /// The 6-state exact majority: A,B → T,T; A,T → A,a; B,T → B,b; an active agent makes a
    /// passive partner passive on its side.
    static func backupRule(_ a: Agent, _ b: Agent) -> (Agent, Agent) {
        var a = a, b = b
        if a.active && b.active {
            if a.sign * b.sign == -1 { a.sign = 0; b.sign = 0 }
            else if a.sign != 0 && b.sign == 0 { b.active = false; b.sign = a.sign }
            else if b.sign != 0 && a.sign == 0 { a.active = false; a.sign = b.sign }
        } else if a.active { b.sign = a.sign } else if b.active { a.sign = b.sign }
        return (a, b)
    }

    /// The leaderless clock: the agent behind (circular difference below Ψ/2) advances.
    static func clocks(_ a: Agent, _ b: Agent, psi: Int) -> (Agent, Agent) {
        var a = a, b = b
        let d = (b.position - a.position + psi) % psi
        if d == 0 || 2 * d < psi { a.position = (a.position + 1) % psi } else { b.position = (b.position + 1) % psi }
        return (a, b)
    }

    /// A zero worker `z` seeing a clock at `x` (stage 1 hours, or the final tie check).
    ///
    /// Hysteresis (this catalog's rule; the specs' rule has none): only the middle half of the
    /// sync window, [Bw + W/4, Bw + 3W/4), marks a zero in sync, and its outer quarters do
    /// nothing. Without it a zero seeing a clock already in the sync window, then one still in
    /// the last short window (or one past the wrap, then one still in the sync window) takes the
    /// lagging clock for the next block and skips a whole block; measured: B = ⌈√L⌉ fell to the
    /// final stage too early and then to the backup. With the clocks' spread below W/4 no zero
    /// sees both sides of a boundary.
    static func zeroSeesClock(_ z: Agent, at x: Int, _ c: Constants) -> Agent {
        var z = z
        let short = c.block * c.window
        let inShort = x < short
        let middle = !inShort && 4 * (x - short) >= c.sync && 4 * (x - short) < 3 * c.sync
        guard inShort || middle else { return z }
        if z.final {
            guard z.checks < tieChecks else { return z }
            if middle { z.inSync = true; return z }
            guard z.inSync else { return z }
            z.inSync = false
            if z.checks > 0 && !z.seen { return backup(z) }
            z.seen = false; z.checks += 1
            return z
        }
        var r = z.hour >= 1 ? (z.hour - 1) / c.block : 0
        if middle {
            z.hour = max(z.hour, (r + 1) * c.block); z.inSync = true
        } else {
            if z.inSync { r += 1; z.inSync = false }
            z.hour = max(z.hour, r * c.block + x / c.window + 1)
        }
        z.hour = min(z.hour, c.endHour)
        if z.hour == c.endHour { z = finalized(z) }
        return z
    }

    /// A worker entering the final stage (a zero starts its tie check: its first wrap only
    /// starts the count).
    static func finalized(_ w: Agent) -> Agent {
        var w = w
        guard !w.final else { return w }
        w.final = true; w.hour = 0; w.inSync = false; w.seen = true; w.checks = 0
        return w
    }

    /// A nonzero worker becoming zero; `output` is the sign it shows.
    static func zeroed(_ w: Agent, output: Int, hour: Int) -> Agent {
        var z = Agent(role: .worker, inputB: w.inputB, output: output, hour: hour)
        if w.final { z = finalized(Agent(role: .worker, inputB: w.inputB, output: output)) }
        return z
    }

    /// Two workers: stage 1 cancel/split/copy, or the final stage's exact resolution.
    static func workers(_ a: Agent, _ b: Agent, _ c: Constants) -> (Agent, Agent) {
        var a = a, b = b
        if a.final != b.final { a = finalized(a); b = finalized(b) }
        if a.sign != 0 && b.sign != 0 {
            guard a.sign != b.sign else { return (a, b) }
            if a.level == b.level {
                let h = max(0, -a.level)
                return (zeroed(a, output: a.sign, hour: h), zeroed(b, output: b.sign, hour: h))
            }
            guard a.final else { return (a, b) }
            let aBig = a.level > b.level
            var big = aBig ? a : b, small = aBig ? b : a
            switch big.level - small.level {
            case 1: big.level -= 1; small = zeroed(small, output: big.sign, hour: 0)   // 2u − u = u
            case 2: small.sign = big.sign; big.level -= 1                            // 4u − u = 2u + u
            default: return (backup(a), backup(b))                                    // error detected
            }
            return aBig ? (big, small) : (small, big)
        }
        if a.sign == 0 && b.sign == 0 {
            if !a.final && a.hour != b.hour {
                if a.hour < b.hour { a.hour = b.hour; a.inSync = b.inSync } else { b.hour = a.hour; b.inSync = a.inSync }
            }
            return (a, b)
        }
        func meet(_ v: inout Agent, _ z: inout Agent) {
            if !v.final && v.level > -c.levels && z.hour > -v.level {
                v.level -= 1
                z = Agent(role: .worker, inputB: z.inputB, sign: v.sign, level: v.level)
            } else {
                z.output = v.sign; z.seen = true
            }
        }
        if a.sign != 0 { meet(&a, &b) } else { meet(&b, &a) }
        return (a, b)
    }

    /// The interaction of initiator `a` with responder `b`, as canonical agents.
    static func interact(_ a: Agent, _ b: Agent, _ c: Constants) -> (Agent, Agent) {
        let (a2, b2) = rule(a, b, c)
        return (a2.canonical, b2.canonical)
    }

    /// The rules by role pair.
    static func rule(_ a: Agent, _ b: Agent, _ c: Constants) -> (Agent, Agent) {
        switch (a.role, b.role) {
        case (.backup, .backup): return backupRule(a, b)
        case (.backup, _): return (a, backup(b))
        case (_, .backup): return (backup(a), b)
        case (.fresh, .fresh):
            let sum = (a.inputB ? -1 : 1) + (b.inputB ? -1 : 1)
            let worker = sum == 0 ? Agent(role: .worker, inputB: b.inputB)
                                  : Agent(role: .worker, inputB: b.inputB, sign: sum > 0 ? 1 : -1, level: 1)
            return (Agent(role: .clock, inputB: a.inputB), worker)
        case (.fresh, _): return (joined(a), b)
        case (_, .fresh): return (a, joined(b))
        case (.clock, .clock): return clocks(a, b, psi: c.modulus)
        case (.clock, .worker): return (copied(a, from: b), b.sign == 0 ? zeroSeesClock(b, at: a.position, c) : b)
        case (.worker, .clock): return (a.sign == 0 ? zeroSeesClock(a, at: b.position, c) : a, copied(b, from: a))
        case (.worker, .worker): return workers(a, b, c)
        }
    }

    /// A fresh agent meeting a non-fresh one: a worker with its own value ±1 (level 0).
    static func joined(_ f: Agent) -> Agent {
        Agent(role: .worker, inputB: f.inputB, sign: f.inputB ? -1 : 1, level: 0)
    }

    /// A clock copying the sign of a nonzero worker.
    static func copied(_ clock: Agent, from w: Agent) -> Agent {
        var clock = clock
        if w.sign != 0 { clock.output = w.sign }
        return clock
    }
}
