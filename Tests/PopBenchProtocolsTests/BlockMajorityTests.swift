import PopBenchCore
import PopBenchProtocols
import Testing

/// `block-majority` against the specs' "How to test" (aag18.md, bkkp20.md): every rule keeps the
/// sum of values (#A − #B, scaled by 2^(L+1)) outside the backup and the backup's vote count
/// everywhere; agent by agent the sum holds after every interaction until the backup, and the
/// run ends on the majority at a margin of one (both ways), on T at a tie, and on the majority
/// at gap 0.1, at B = 1 and at the default B = ⌈√L⌉; the agent and batch engines agree; the
/// states grow as log n; bad parameters are refused.
@Suite struct BlockMajorityTests {
    /// Backup states: `X?` active, `x?` passive.
    static func isBackup(_ name: String) -> Bool { name.hasPrefix("X") || name.hasPrefix("x") }

    /// The backup's vote count of a state, read from its name: fresh `A`/`B` and every worker or
    /// clock (name ending in its input `a`/`b`) vote their input; active backup `XA`/`XB` their
    /// side; `XT` and passive states 0.
    static func vote(_ name: String) -> Int {
        if name == "A" || name == "XA" { return 1 }
        if name == "B" || name == "XB" { return -1 }
        if isBackup(name) { return 0 }
        return name.last == "a" ? 1 : -1
    }

    @Test(arguments: [(64, 0), (64, 1), (1000, 0), (1000, 1), (1000, 10)])
    func everyRuleKeepsTheSumAndTheVotes(n: Int, block: Int) {
        let t = BlockMajority.table(n: n, block: block)
        let l = BlockMajority.schedule(n: n, block: block).levels
        let values = BlockMajority.scaledValues(t, levels: l)
        let names = t.spec.states
        var brokenVotes = 0, brokenValues = 0, checked = 0, backupRules = 0
        for p in 0..<t.stateCount {
            for q in 0..<t.stateCount {
                let i = p << t.shift | q
                let p2 = Int(t.nextInitiator[i]), q2 = Int(t.nextResponder[i])
                if Self.vote(names[p]) + Self.vote(names[q]) != Self.vote(names[p2]) + Self.vote(names[q2]) { brokenVotes += 1 }
                guard let a = values[p], let b = values[q], let c = values[p2], let d = values[q2] else {
                    if values[p] != nil && values[q] != nil { backupRules += 1 }
                    continue
                }
                checked += 1
                if a + b != c + d { brokenValues += 1 }
            }
        }
        #expect(brokenVotes == 0 && brokenValues == 0, "n = \(n), B = \(block): \(brokenVotes) rules change the votes, \(brokenValues) the sum")
        #expect(checked > 10_000 && backupRules > 0, "n = \(n): \(checked) rules checked, \(backupRules) enter the backup: vacuous")
        for (s, v) in values.enumerated() where v != nil && v != 0 {
            #expect(t.outputSymbols[t.output[s]] == (v! > 0 ? "A" : "B"), "\(names[s]) outputs the wrong sign")
        }
    }

    /// One run agent by agent from `a` A and n − a B: the scaled sum is checked after every
    /// interaction while no agent is in the backup; returns the final counts, the parallel time,
    /// whether the backup started, and the sum violations seen.
    static func trace(n: Int, a: Int, block: Int, seed: UInt64, maxTime: Double = 1e5)
        -> (counts: [Int], time: Double, backup: Bool, broken: Int) {
        let t = BlockMajority.table(n: n, block: block)
        let values = BlockMajority.scaledValues(t, levels: BlockMajority.schedule(n: n, block: block).levels)
        let plus = t.state("A")!, minus = t.state("B")!
        var agents = [Int32](repeating: Int32(minus), count: n)
        for i in 0..<a { agents[i] = Int32(plus) }
        var counts = [Int](repeating: 0, count: t.stateCount)
        counts[plus] = a; counts[minus] = n - a
        var sum = a * values[plus]! + (n - a) * values[minus]!
        let target = sum
        var inBackup = 0, broken = 0, backup = false
        var population = StepwiseAgents(t, agents: agents, seed: seed)
        let limit = UInt64(maxTime * Double(n))
        var tracker = ConvergenceTracker(t, counts: counts)
        while population.steps < limit {
            let (p, q, p2, q2) = population.step()
            if p == p2 && q == q2 { continue }
            counts[p] -= 1; counts[q] -= 1; counts[p2] += 1; counts[q2] += 1
            for (s, d) in [(p, -1), (q, -1), (p2, 1), (q2, 1)] {
                if let v = values[s] { sum += d * v } else { inBackup += d; backup = true }
            }
            if inBackup == 0 && sum != target { broken += 1 }
            let done = counts.withUnsafeMutableBufferPointer { tracker.update(from: (p, q), to: (p2, q2), counts: $0) }
            if done { break }
        }
        return (counts, Double(population.steps) / Double(n), backup, broken)
    }

    /// Margin one both ways, a tie, and gap 0.1 at B = ⌈√L⌉ (0) and B = 1, three seeds each. The
    /// protocol is exact: any wrong output is a bug. Tie runs go through the backup (Θ(n) time,
    /// so the tie is at n = 100).
    @Test(arguments: [0, 1])
    func exactAfterEveryInteraction(block: Int) {
        for (n, a, expected) in [(1001, 501, "A"), (1001, 500, "B"), (100, 50, "T"), (1000, 550, "A")] {
            var backups = 0, times: [Double] = []
            let t = BlockMajority.table(n: n, block: block)
            for seed in 1...3 {
                let r = Self.trace(n: n, a: a, block: block, seed: UInt64(seed))
                var outputs: [String: Int] = [:]
                for (s, c) in r.counts.enumerated() where c > 0 { outputs[t.outputSymbols[t.output[s]], default: 0] += c }
                #expect(r.broken == 0, "n = \(n), a = \(a), B = \(block), seed \(seed): the sum changed \(r.broken) times")
                #expect(outputs == [expected: n], "n = \(n), a = \(a), B = \(block), seed \(seed): \(outputs) after \(r.time)")
                if r.backup { backups += 1 }
                times.append(r.time)
            }
            print("block-majority B = \(block), n = \(n), a = \(a): mean time \(TestStats.mean(times)), \(backups)/3 runs reached the backup")
        }
    }

    /// 200 seeded trials at n = 1001 from a margin of one, 50 with B ahead (default B).
    @Test func hardestInputIsAlwaysRight() throws {
        try expectExactAtMarginOne(catalogPlugin("block-majority"), master: 22)
    }

    /// The same margin of one at B = 1: 100 seeded trials, none wrong, none timed out.
    @Test func hardestInputIsAlwaysRightAtBlockOne() throws {
        let recs = try runTrials(catalogPlugin("block-majority"), task: "majority", n: 1001,
                                 params: ["gap": "0.000999", "block": "1"], trials: 100, master: 23)
        #expect(recs.allSatisfy { $0.status == .ok && $0.outcomes[OutcomeName.correct] == 1 })
    }

    @Test(arguments: ["0", "1"])
    func enginesAgree(block: String) throws {
        try expectEnginesAgree("block-majority", params: ["gap": "0.01", "block": block], task: "majority", expectCorrect: true)
    }

    /// States grow linearly in L: from L = 8 to L = 16 by a factor between 1.3 and 2.5, and stay
    /// above L and below the 4096 of the engines at L = 20.
    @Test func stateCountIsLogarithmic() {
        let s8 = BlockMajority.table(n: 1 << 8).stateCount, s16 = BlockMajority.table(n: 1 << 16).stateCount
        let s20 = BlockMajority.table(n: 1 << 20).stateCount, b20 = BlockMajority.table(n: 1 << 20, block: 1).stateCount
        print("block-majority states: \(s8) at L = 8, \(s16) at L = 16, \(s20) at L = 20 (B = 1: \(b20))")
        let ratio = Double(s16) / Double(s8)
        #expect(ratio > 1.3 && ratio < 2.5 && s8 > 8 && s20 < 4096 && b20 < 4096, "states \(s8) at L = 8, \(s16) at L = 16")
    }

    /// A block above L, and window/sync outside their ranges, are refused with a usage error.
    @Test func badParametersAreRefused() throws {
        let plugin = ProtocolFamily.protocols.first { $0.descriptor.name == "block-majority" }!
        #expect(throws: UsageError.self) { try plugin.validate(try plugin.setup(n: 1000, overrides: ["block": "11"])) }
        #expect(throws: (any Error).self) { try plugin.setup(n: 1000, overrides: ["window": "9"]) }
        try plugin.validate(try plugin.setup(n: 1000, overrides: ["block": "10"]))
    }
}
