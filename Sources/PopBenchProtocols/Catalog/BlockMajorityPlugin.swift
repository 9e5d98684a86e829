import Foundation
import PopBenchCore

/// The generated table, the state names and the catalog entry of `block-majority`.
extension BlockMajority {
    /// The state name: fresh `A`/`B`; clock `c<x>:<out><in>`; nonzero worker `[F]+<e>:<in>` or
    /// `[F]-<e>:<in>` (value ±2^e, F final); zero `0h<h>[s]:<out><in>` (s in sync), final zero
    /// `F0k<checks>[s][!]:<out><in>` (! seen a nonzero); backup `XA`/`XB`/`XT` active,
    /// `xa`/`xb`/`xt` passive. Inputs are lower case a/b, outputs A/B/T.
    static func name(_ s: Agent) -> String {
        func out(_ v: Int) -> String { v > 0 ? "A" : (v < 0 ? "B" : "T") }
        let i = s.inputB ? "b" : "a"
        switch s.role {
        case .fresh: return s.inputB ? "B" : "A"
        case .clock: return "c\(s.position):\(out(s.output))\(i)"
        case .backup: return s.active ? "X\(out(s.sign))" : "x\(out(s.sign).lowercased())"
        case .worker:
            let f = s.final ? "F" : ""
            if s.sign != 0 { return "\(f)\(s.sign > 0 ? "+" : "-")\(s.level):\(i)" }
            if !s.final { return "0h\(s.hour)\(s.inSync ? "s" : ""):\(out(s.output))\(i)" }
            return "F0k\(s.checks)\(s.inSync ? "s" : "")\(s.seen ? "!" : ""):\(out(s.output))\(i)"
        }
    }

    static func output(_ s: Agent) -> String { s.vote > 0 ? "A" : (s.vote < 0 ? "B" : "T") }

    static func spec(_ c: Constants) -> ProtocolSpec {
        let a = Agent(role: .fresh), b = Agent(role: .fresh, inputB: true)
        let (states, table) = GeneratedProtocol.reachable(from: [a, b]) { interact($0, $1, c) }
        return GeneratedProtocol.spec(
            name: "block-majority", states: states.map(name), outputs: states.map(output),
            initial: InitialConfiguration([(name(a), .majority), (name(b), .minority)])
        ) { p, q in table[p << 16 | q]! }
    }

    static let tables = TableCache<Constants, CompiledProtocol> { try! CompiledProtocol(spec($0)) }

    static func constants(_ setup: TrialSetup) -> Constants {
        constants(n: setup.n, block: setup.config["block"].flatMap { Int($0.description) } ?? 0,
                  window: setup.config["window"]?.doubleValue ?? 2, sync: setup.config["sync"]?.doubleValue ?? 2)
    }

    /// An upper bound on the states at these constants: clocks 3·2·Ψ, nonzero workers
    /// 2·(L + 2)·2·2, stage-1 zeros (H_end + 1)·2·3·2, final zeros 3·2·(4·tieChecks + 1), 2 fresh,
    /// 6 backup.
    static func stateBound(_ c: Constants) -> Int {
        6 * c.modulus + 8 * (c.levels + 2) + 12 * (c.endHour + 1) + 6 * (4 * tieChecks + 1) + 8
    }

    /// The compiled table at population n (`block` 0: ⌈√L⌉).
    public static func table(n: Int, block: Int = 0, window: Double = 2, sync: Double = 2) -> CompiledProtocol {
        tables.value(constants(n: n, block: block, window: window, sync: sync))
    }

    /// (L, B, w, W, Ψ) at these parameters, for the tests and `describe`'s readers.
    public static func schedule(n: Int, block: Int = 0, window: Double = 2, sync: Double = 2)
        -> (levels: Int, block: Int, window: Int, sync: Int, modulus: Int) {
        let c = constants(n: n, block: block, window: window, sync: sync)
        return (c.levels, c.block, c.window, c.sync, c.modulus)
    }

    /// Per state of `table`: the worker value times 2^(L+1) (fresh ±2^(L+1), nonzero workers
    /// ±2^(e+L+1), every other non-backup state 0), nil for backup states; parsed from the names
    /// (aag18.md "How to test" 2: the sum is #A − #B until the backup).
    public static func scaledValues(_ table: CompiledProtocol, levels l: Int) -> [Int?] {
        table.spec.states.map { s -> Int? in
            if s.first == "X" || s.first == "x" { return nil }
            if s == "A" { return 1 << (l + 1) }
            if s == "B" { return -(1 << (l + 1)) }
            let body = s.first == "F" ? s.dropFirst() : Substring(s)
            guard let sign = body.first, sign == "+" || sign == "-" else { return 0 }
            let e = Int(body.dropFirst().prefix { $0 != ":" })!
            return (sign == "+" ? 1 : -1) << (e + l + 1)
        }
    }

    /// The [AAG18] row of the seed's table: this plugin at B = 1 (every level fully synchronized).
    public static let aag18Claim = ProtocolClaim(
        plugin: "block-majority", row: "[AAG18]", task: "majority",
        paper: "Alistarh, Aspnes, Gelashvili, Space-optimal majority in population protocols, SODA 2018 (arXiv 1704.04947); rules reconstructed in the spec aag18.md from the abstract and secondary sources (confidence low-medium)",
        states: "Theta(log n)", time: "O(log^2 n) expected", shape: .log2, exact: true, missing: nil,
        rules: .reconstructed, parameters: ["block": "1"])

    /// The catalog entry (default B = ⌈√L⌉: the [BKKP20] row). Budget 40 Ψ (⌈H_end / B⌉ + 3) +
    /// 10^4 parallel time: a rotation lasts about Ψ / f ≈ 4Ψ (f ≈ 1/4 of the agents are clocks),
    /// a run about ⌈H_end / B⌉ + 2 rotations, so 10x that; a run through the backup needs the
    /// 6-state protocol's Θ(n) at a tie and may exceed it at large n (reported as a timeout).
    public static let plugin = ProtocolPlugin(
        name: "block-majority",
        summary: "phase-clocked cancel/split exact majority in blocks of B levels, O(log n) states (in-house; AAG18 framework at B = 1, BKKP20 schedule at B = ceil(sqrt L); rules reconstructed)",
        reference: "in-house, rules reconstructed (not the papers'): the specs aag18.md (Alistarh, Aspnes, Gelashvili SODA 2018, arXiv 1704.04947; confidence low-medium) and bkkp20.md (Ben-Nun, Kopelowitz, Kraus, Porat PODC 2020, arXiv 2011.12633; confidence low), both from the abstracts",
        goal: .majority,
        parameters: [
            .int("block", default: 0, range: 0...64,
                 help: "levels per block B: 0 = ceil(sqrt L) (the BKKP20 balance), 1 = every level fully synchronized (AAG18); at most L = ceil(log2 n)"),
            .real("window", default: 2, range: 1...4, help: "short window w = ceil(window sqrt L) clock positions"),
            .real("sync", default: 2, range: 1...4, help: "sync window W = ceil(sync L) clock positions (clock modulus B w + W)"),
        ],
        bound: .log1_5,
        notes: "always correct (exact sum of values, final exact resolution, 6-state backup; ties output T through the backup, Θ(n) time); O(log n) states; B = 1 follows the [AAG18] framework (designed for log^2 n), B = ceil(sqrt L) the [BKKP20] schedule (designed for log^{3/2} n); rules reconstructed from the specs aag18.md and bkkp20.md, not the papers'; measured, not proven",
        minimumN: 4,
        claim: ProtocolClaim(row: "[BKKP20]",
                             paper: "Ben-Nun, Kopelowitz, Kraus, Porat, An O(log^{3/2} n) parallel time population protocol for majority with O(log n) states, PODC 2020 (arXiv 2011.12633); rules reconstructed in the spec bkkp20.md from the abstract (confidence low)",
                             states: "O(log n)", time: "O(log^{3/2} n)", shape: .log1_5, exact: true, rules: .reconstructed),
        table: { setup in tables.value(constants(setup)) },
        budget: { setup in
            let c = constants(setup)
            return Double(40 * c.modulus * ((c.endHour + c.block - 1) / c.block + 3) + 10_000)
        },
        check: { setup in
            let c = constants(setup)
            guard c.block <= c.levels else {
                throw UsageError("--block: \(c.block) exceeds L = \(c.levels) levels at n = \(setup.n); allowed: 0 (ceil(sqrt L)) or 1...\(c.levels)")
            }
            guard stateBound(c) <= CompiledProtocol.maxStates else {
                throw UsageError("--block: B = \(c.block) with window \(c.window) and sync \(c.sync) gives up to \(stateBound(c)) states at n = \(setup.n), above the engines' \(CompiledProtocol.maxStates); allowed: a smaller block, window or sync")
            }
        })
}
