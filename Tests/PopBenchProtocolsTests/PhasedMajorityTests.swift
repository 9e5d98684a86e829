import PopBenchCore
import PopBenchProtocols
import Testing

/// `phased-majority` checked against independent truth read from the state names (not from the
/// rule code): the fast part keeps the sum of values, every rule keeps the backup's vote count;
/// on every configuration reachable at small n the settled all-majority set is reachable (with
/// probability 1 the run ends there) and `StabilityAnalysis` never stops a run with mixed
/// outputs; no trial errs from a margin of one agent; the agent and batch engines agree; the
/// state count is Θ(log n).
@Suite struct PhasedMajorityTests {
    /// Value of a state name at L levels: unassigned `A`/`B` ±2^L; nonzero worker `+k…`/`-k…`
    /// ±2^(L−k); every other state 0.
    static func value(_ name: String, levels l: Int) -> Int {
        if name == "A" { return 1 << l }
        if name == "B" { return -(1 << l) }
        guard let first = name.first, first == "+" || first == "-" else { return 0 }
        let digits = name.dropFirst().prefix { $0.isNumber }
        let v = 1 << (l - Int(digits)!)
        return first == "+" ? v : -v
    }

    /// Backup states: `XA`, `XB` (strong), `xa`, `xb` (weak).
    static func isBackup(_ name: String) -> Bool { name.hasPrefix("X") || name.hasPrefix("x") }

    /// The backup's vote of a state: a non-backup agent votes its input, +1 for A and −1 for B
    /// (the name itself for unassigned agents, the letter before the output letter of a clock
    /// `c<pos><in><out>`, the letter after `:` of a worker); strong backup states vote their
    /// side, weak ones 0.
    static func vote(_ name: String) -> Int {
        func sign(_ c: Character) -> Int { c == "A" ? 1 : -1 }
        if name == "A" || name == "B" { return sign(name.first!) }
        if name == "XA" || name == "XB" { return sign(name.last!) }
        if name == "xa" || name == "xb" { return 0 }
        if name.hasPrefix("c") { return sign(name.dropLast().last!) }
        return sign(name.last!)
    }

    /// Every transition keeps the vote sum (#A − #B of the inputs); every transition in which no
    /// agent is or becomes a backup agent keeps the sum of values; nonzero workers output their
    /// sign and backup agents their side.
    @Test(arguments: [(4, 3), (16, nil), (1000, nil), (1_000_000, nil)] as [(Int, Int?)])
    func everyRuleKeepsTheInvariants(n: Int, levels: Int?) {
        let t = PhasedMajority.table(n: n, levels: levels)
        let l = PhasedMajority.levelsAndZone(n: n, levels: levels).levels
        let names = t.spec.states
        var brokenVotes = 0, brokenValues = 0, backupRules = 0
        for p in 0..<t.stateCount {
            for q in 0..<t.stateCount {
                let i = p << t.shift | q
                let p2 = Int(t.nextInitiator[i]), q2 = Int(t.nextResponder[i])
                if Self.vote(names[p]) + Self.vote(names[q]) != Self.vote(names[p2]) + Self.vote(names[q2]) { brokenVotes += 1 }
                if [p, q, p2, q2].contains(where: { Self.isBackup(names[$0]) }) { backupRules += 1; continue }
                let before = Self.value(names[p], levels: l) + Self.value(names[q], levels: l)
                if before != Self.value(names[p2], levels: l) + Self.value(names[q2], levels: l) { brokenValues += 1 }
            }
        }
        #expect(brokenVotes == 0 && brokenValues == 0, "n = \(n): \(brokenVotes) rules change the votes, \(brokenValues) the values")
        // The backup is reachable once levels can be three apart (L >= 3).
        if l >= 3 { #expect(backupRules > 0, "n = \(n): no backup rule: the check would be vacuous") }
        for (s, name) in names.enumerated() {
            let v = Self.value(name, levels: l)
            if v != 0 { #expect(t.outputSymbols[t.output[s]] == (v > 0 ? "A" : "B"), "\(name)") }
            if name == "XA" || name == "XB" { #expect(t.outputSymbols[t.output[s]] == String(name.last!)) }
        }
    }

    /// Explores every configuration reachable from `a` agents in A and n − a in B. The settled
    /// set S is the largest set of all-majority-output configurations closed under every
    /// transition (computed as a fixed point, so a configuration whose outputs are right but
    /// can still change is not settled). Returns the configurations explored, how many cannot
    /// reach S, and how many mixed-output ones `StabilityAnalysis` calls stable.
    static func explore(_ t: CompiledProtocol, n: Int, a: Int) -> (configs: Int, settled: Int, stuck: Int, wronglyStable: Int, withBackup: Int) {
        let plus = t.state("A")!, minus = t.state("B")!
        let majority = 2 * a > n ? t.output[plus] : t.output[minus]
        let graph = ConfigurationGraph(t, plus: plus, minus: minus, n: n, a: a)
        let configs = graph.configs
        var settled = configs.map { c in c.indices.allSatisfy { c[$0] == 0 || t.output[$0] == majority } }
        var changed = true
        while changed {
            changed = false
            for i in configs.indices where settled[i] && !graph.edges[i].allSatisfy({ settled[$0] }) { settled[i] = false; changed = true }
        }
        let canSettle = graph.canReach(settled)
        let wronglyStable = graph.wronglyStable(t, settled: settled)
        let backup = Set(t.spec.states.indices.filter { isBackup(t.spec.states[$0]) })
        let withBackup = configs.filter { c in backup.contains { c[$0] > 0 } }.count
        return (configs.count, settled.filter { $0 }.count, canSettle.filter { !$0 }.count, wronglyStable, withBackup)
    }

    /// n = 2...6 with the narrowest clock (ρ = 0.25, Z = 1) and L = 3, every split of A and B
    /// with a nonzero margin: no configuration is stuck away from the settled set and none is
    /// called stable with mixed outputs (tens of thousands of configurations at n = 6). The
    /// backup is first reachable at n = 7 (levels three apart need three splits into zeros),
    /// whose graph does not fit in memory; its rules are checked one by one in
    /// `everyRuleKeepsTheInvariants` (they keep the input vote count).
    @Test(arguments: [2, 3, 4, 5, 6])
    func everyReachableConfigurationSettlesOnTheMajority(n: Int) {
        let t = PhasedMajority.table(n: n, rho: 0.25, levels: 3)
        var explored = 0
        for a in 0...n where 2 * a != n {
            let r = Self.explore(t, n: n, a: a)
            explored += r.configs
            #expect(r.settled > 0 && r.stuck == 0 && r.wronglyStable == 0, "n = \(n), a = \(a): \(r)")
        }
        if n == 6 { #expect(explored > 30_000, "only \(explored) configurations: the check would be vacuous") }
    }

    /// The margin of one agent at n = 1001, 200 trials and 50 with B in the majority: no error
    /// (`expectExactAtMarginOne`).
    @Test func hardestInputIsAlwaysRight() throws {
        try expectExactAtMarginOne(PhasedMajority.plugin, master: 17)
    }

    /// The agent engine (one interaction at a time) and the batch engine (exact multibatching
    /// on counts, used for the n = 10^5 and 10^6 measurements) sample the same law of the
    /// convergence time: two-sample Kolmogorov-Smirnov over 300 trials each at n = 1000, gap 0.01
    /// (p > 0.001), every trial correct.
    @Test func enginesAgree() throws {
        try expectEnginesAgree("phased-majority", params: ["gap": "0.01"], task: "majority", expectCorrect: true)
    }

    /// States are Θ(log n): clocks 4Z positions × input × output, workers 2(L + 1) nonzero values
    /// × 5 phase flags (cancelling or doubling, each maybe stalled, or split) × input, plus 8
    /// zeros, 2 unassigned and 4 backup states, so at most 16 Z + 20 (L + 1) + 14 = O(log n),
    /// and more than L (not trivially small).
    @Test(arguments: [16, 1_000, 1_000_000])
    func stateCountIsLogarithmic(n: Int) {
        let t = PhasedMajority.table(n: n)
        let (l, z) = PhasedMajority.levelsAndZone(n: n)
        #expect(t.stateCount <= 16 * z + 20 * (l + 1) + 14 && t.stateCount > l, "n = \(n): \(t.stateCount) states, L = \(l), Z = \(z)")
    }
}
