import PopBenchCore
import PopBenchProtocols
import Testing

/// Split-Join [AAEGR17] checked against independent truth: the sum of values is kept by every
/// rule (read from the state names, not from the rule code); on every configuration reachable
/// at small n the all-majority output is reachable and closed (the exhaustive check of
/// `CancelSplitProofTests`); no trial errs at the hardest input (a margin of one agent); the
/// state count grows as O(log^2 n).
@Suite struct SplitJoinProofTests {
    /// The value x - y of a state named `x<x>y<y>` (0 for the signed zeros `0A`, `0B`).
    static func value(_ name: String) -> Int {
        guard name.hasPrefix("x"), let y = name.firstIndex(of: "y") else { return 0 }
        return Int(name[name.index(after: name.startIndex)..<y])! - Int(name[name.index(after: y)...])!
    }

    /// Every transition keeps value(p) + value(q), so the total L (#A - #B) is invariant.
    @Test(arguments: [2, 16, 1000, 1_000_000])
    func everyRuleKeepsTheSumOfValues(n: Int) {
        let t = SplitJoin.table(n: n)
        let values = t.spec.states.map(Self.value)
        var broken = 0
        for p in 0..<t.stateCount {
            for q in 0..<t.stateCount {
                let i = p << t.shift | q
                let p2 = Int(t.nextInitiator[i]), q2 = Int(t.nextResponder[i])
                if values[p] + values[q] != values[p2] + values[q2] { broken += 1 }
            }
        }
        #expect(broken == 0, "n = \(n): \(broken) rules change the sum")
        // Outputs: a nonzero value outputs its sign.
        for (s, v) in values.enumerated() where v != 0 {
            #expect(t.outputSymbols[Int(t.output[s])] == (v > 0 ? "A" : "B"), "\(t.spec.states[s])")
        }
    }

    /// From every configuration reachable from an input with a nonzero margin the all-majority
    /// output is reachable, it is never left, and the stability check never stops a run with
    /// mixed outputs (n = 2...8, every split of A and B).
    @Test(arguments: [2, 3, 4, 5, 6, 7, 8])
    func everyReachableConfigurationSettlesOnTheMajority(n: Int) throws {
        let t = SplitJoin.table(n: n)
        let l = SplitJoin.scale(n: n)
        let plus = try #require(t.state("x\(l)y0")), minus = try #require(t.state("x0y\(l)"))
        let explored = CancelSplitProofTests.exploreEverySplit(t, plus: plus, minus: minus, n: n)
        if n == 8 { #expect(explored > 1_000, "only \(explored) configurations: the check would be vacuous") }
    }

    /// The margin of one agent at n = 1001, 200 trials and 50 with B in the majority: no error
    /// (`expectExactAtMarginOne`).
    @Test func hardestInputIsAlwaysRight() throws {
        try expectExactAtMarginOne(SplitJoin.plugin, master: 13)
    }

    /// The agent engine (one interaction at a time) and the batch engine (exact multibatching
    /// on counts) sample the same law of the convergence time: two-sample Kolmogorov-Smirnov
    /// over 300 trials each at n = 1000, gap 0.01 (p > 0.001), every trial correct.
    @Test func enginesAgree() throws {
        try expectEnginesAgree("split-join", params: ["gap": "0.01"], task: "majority", expectCorrect: true)
    }

    /// The margin of one agent: 501 A and 500 B at n = 1001, gap 0.000999.
    @Test func hardestInputIsAMarginOfOne() throws {
        let config = try Configuration(specs: SplitJoin.plugin.descriptor.parameters + ProtocolTasks.majority.parameters,
                                       overrides: ["gap": "0.000999"])
        let setup = TrialSetup(plugin: "split-join", task: "majority", n: 1001, config: config)
        let t = SplitJoin.table(n: 1001)
        let (counts, majority) = try ProtocolGoal.majorityCounts(t, setup: setup)
        #expect(counts[majority] == 501 && counts.reduce(0, +) == 1001 && counts.filter { $0 > 0 }.count == 2)
    }

    /// States grow as O(log^2 n): at most 2 (log2 L + 2)^2 (x and y each in {0, 1, ..., L},
    /// plus the sign of a zero), and more than log2 L (the construction is not trivially small).
    @Test(arguments: [16, 1_000, 1_000_000])
    func stateCountIsPolylogarithmic(n: Int) {
        let t = SplitJoin.table(n: n)
        var k = 0
        while (1 << k) < SplitJoin.scale(n: n) { k += 1 }
        #expect(t.stateCount <= 2 * (k + 2) * (k + 2) && t.stateCount > k, "n = \(n): \(t.stateCount) states, log2 L = \(k)")
    }
}
