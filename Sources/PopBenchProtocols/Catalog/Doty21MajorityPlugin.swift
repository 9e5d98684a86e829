import Foundation
import PopBenchCore

/// The generated table, the state names and outputs, and the catalog entry of `doty21-majority`.
extension Doty21Majority {
    /// The output symbol (spec, "Output convention"): phase 10 by the backup side; phases 2 and 9
    /// by the signs seen (+ only: A, − only: B, else T); phase 4 T; elsewhere the sign of a
    /// nonzero bias, else T, except a Clock in a timed phase, whose output is "-" when its
    /// counter plus minute is odd (see below).
    ///
    /// Why the Clocks' "-": the engines declare convergence when no output can change from the
    /// present states (`StabilityAnalysis`), and check that only while no output-changing pair
    /// is present. In phases 5, 7 and 8 of a margin-one run no such pair is present for long
    /// stretches, so the exact reachability check would run after nearly every interaction over
    /// about a million rules. A counting Clock changes its counter (or minute) at each of its
    /// interactions, so with this output it always forms an output-changing pair, and the check
    /// runs only once every Clock has left the timed phases: the spec's own stabilization points
    /// (phases 2, 4, 9, 10). The output of a Clock in a timed phase carries no answer in the spec.
    static func output(_ a: Agent) -> String {
        func symbol(_ s: Int) -> String { s > 0 ? "A" : (s < 0 ? "B" : "T") }
        switch a.phase {
        case 10: return symbol(a.bias)
        case 2, 9:
            let plus = a.seen & 4 != 0, minus = a.seen & 1 != 0
            return plus && !minus ? "A" : (minus && !plus ? "B" : "T")
        case 4: return "T"
        case _ where a.role == .clock: return (a.counter + a.minute) % 2 == 1 ? "-" : "T"
        default: return (a.role == .main || a.role == .mcr) ? symbol(a.bias) : "T"
        }
    }

    /// The state name: phase, role letter (m MCR, r CR, M Main, K Clock, R Reserve), every
    /// field that differs from its default, then the input (a/b); backup `X`/`x` + side.
    static func name(_ a: Agent) -> String {
        if a.phase == 10 { return (a.active ? "X" : "x") + output(a) }
        let role: String = switch a.role {
        case .mcr: "m"
        case .cr: "r"
        case .main: "M"
        case .clock: "K"
        case .reserve: "R"
        case .backup: "X"
        }
        var s = "\(a.phase)\(role)"
        if a.role == .main || a.role == .mcr { s += a.bias > 0 ? "+\(a.bias)" : "\(a.bias)" }
        if a.level != 0 { s += "l\(a.level)" }
        if a.hour != 0 { s += "h\(a.hour)" }
        if a.assigned { s += "*" }
        if a.minute != 0 || (a.phase == 3 && a.role == .clock) { s += "m\(a.minute)" }
        if a.tick != 0 { s += ".\(a.tick)" }
        if a.counter != 0 { s += "c\(a.counter)" }
        if a.sample >= 0 { s += "q\(a.sample)" }
        if a.full { s += "f" }
        if a.seen != 0 { s += "/\(a.seen)" }
        return s + (a.inputB ? "b" : "a")
    }

    /// The agents reachable from the two initial states and the rule table on their indices.
    static func generate(_ c: Constants) -> (states: [Agent], delta: GeneratedProtocol.PairTable) {
        let a = Agent(bias: 1), b = Agent(inputB: true, bias: -1)
        return GeneratedProtocol.reachable(from: [a, b]) { p, q in interact(p, q, c) }
    }

    static func spec(_ c: Constants) -> ProtocolSpec {
        let (agents, table) = generate(c)
        let names = agents.map(name)
        return GeneratedProtocol.spec(
            name: "doty21-majority", states: names, outputs: agents.map(output),
            initial: InitialConfiguration([(names[0], .majority), (names[1], .minority)])
        ) { p, q in table[p << 16 | q]! }
    }

    static let tables = TableCache<Constants, CompiledProtocol> { try! CompiledProtocol(spec($0)) }

    /// The constants of a setup: L = ⌈log2 n⌉ and the parameters k, c, p, hour-copy.
    static func constants(_ setup: TrialSetup) -> Constants {
        constants(n: setup.n, k: setup.config["k"].flatMap { Int($0.description) } ?? 5,
                  c: setup.config["c"].flatMap { Int($0.description) } ?? 5,
                  p: setup.config["p"]?.description ?? "1/4", hourCopy: setup.config["hour-copy"]?.description == "true")
    }

    static func constants(n: Int, k: Int, c: Int, p: String, hourCopy: Bool) -> Constants {
        var l = 1
        while (1 << l) < n { l += 1 }
        let bits = ["1": 0, "1/4": 1, "1/16": 2][p] ?? 1
        return Constants(levels: l, k: k, c: c, coinBits: bits, hourCopy: hourCopy)
    }

    /// The compiled table at population n (parameters as in the plugin; p one of 1, 1/4, 1/16).
    public static func table(n: Int, k: Int = 5, c: Int = 5, p: String = "1/4", hourCopy: Bool = false) -> CompiledProtocol {
        tables.value(constants(n: n, k: k, c: c, p: p, hourCopy: hourCopy))
    }

    /// Per state of `table`: its phase (0...10), parsed from the state name.
    public static func phases(_ table: CompiledProtocol) -> [Int] {
        table.spec.states.map { s in s.first == "X" || s.first == "x" ? 10 : Int(s.prefix { $0.isNumber })! }
    }

    /// Per state of `table` at population n: the agent's value times 2^L in phases 0–7 (MCR and
    /// Main bias; 0 for the other roles), nil in phases 8–10 where the sum is no longer exact
    /// (spec, "Invariant to check").
    public static func scaledValues(_ table: CompiledProtocol, n: Int) -> [Int?] {
        var l = 1
        while (1 << l) < n { l += 1 }
        return table.spec.states.map { s -> Int? in
            let phase = s.first == "X" || s.first == "x" ? 10 : Int(s.prefix { $0.isNumber })!
            guard phase <= 7 else { return nil }
            let body = s.drop { $0.isNumber }
            guard body.first == "M" || body.first == "m" else { return 0 }
            let digits = body.dropFirst().prefix { $0 == "+" || $0 == "-" || $0.isNumber }
            let bias = Int(digits.replacingOccurrences(of: "+", with: ""))!
            guard phase >= 3 else { return bias << l }
            var level = 0
            if let r = body.range(of: "l") { level = Int(body[r.upperBound...].prefix { $0.isNumber })! }
            return bias << (l - level)
        }
    }

    /// The catalog entry. Budget 40 L (c + k 4^j) + 10^4 parallel time: the fast path takes about
    /// 7 timed phases of c L / 2 and k L minutes; a run through the 6-state backup takes
    /// Θ(n log n) from a margin of one and may exceed it at large n (reported as a timeout).
    public static let plugin = ProtocolPlugin(
        name: "doty21-majority",
        summary: "stable exact majority with ties (A/B/T), O(log n) states, O(log n) time: the 11 phases of Doty et al. FOCS 2021",
        reference: "Doty, Eftekhari, Gąsieniec, Severson, Stachowiak, Uznański, A time and space optimal stable population protocol solving exact majority, FOCS 2021 (arXiv 2106.10201); rules from a co-author's simulator (eftekhari-mhs/population-protocols Exact_Majority/Agent.java) and the authors' ppsim notebook, via the spec doty21-majority.md (confidence medium-high; k, p, c unconfirmed)",
        goal: .majority,
        parameters: [
            .int("k", default: 5, range: 1...8, help: "clock minutes per hour (Java 5, notebook 3)"),
            .int("c", default: 5, range: 1...8, help: "a Clock counts c*L of its interactions per timed phase (Java 5)"),
            .choice("p", ["1", "1/4", "1/16"], default: "1/4",
                    help: "drip probability of the phase-3 clock, as a synthetic coin of j bits (p = 4^-j); the Java's 0.01 needs about 4x the clock states, the notebook demo uses 1"),
            .flag("hour-copy", default: false, help: "zero Mains copy the larger hour from each other (notebook; not in the Java)"),
        ],
        bound: .log,
        notes: "always correct (stable: 6-state backup); ties output T; O(log n) states (counted per n by F8); O(log n) expected time claimed; p is a synthetic coin (deterministic tables), not the Java's random 0.01",
        minimumN: 16,
        claim: ProtocolClaim(row: "[DEGSSU21] (beyond the seed)", states: "O(log n)", time: "O(log n) expected", shape: .log, exact: true, rules: .authorsCode),
        table: { setup in tables.value(constants(setup)) },
        budget: { setup in
            let c = constants(setup)
            return Double(40 * c.levels * (c.c + c.k * (1 << (2 * c.coinBits))) + 10_000)
        })
}
