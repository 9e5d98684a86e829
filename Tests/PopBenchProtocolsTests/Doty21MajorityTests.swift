import Foundation
import PopBenchCore
import PopBenchProtocols
import Testing

/// `doty21-majority` against the spec's "How to test" (doty21-majority.md): the sum of values
/// is #A − #B after every interaction of phases 0–7, exact at a margin of one, T at a tie, right
/// at gap 0.1, the engines agree, and the states grow as log n.
@Suite struct Doty21MajorityTests {
    /// Runs one trial agent by agent from `a` A and `n − a` B, checking the scaled sum after every
    /// interaction while no agent is past phase 7; returns the final counts, the parallel time,
    /// whether any agent reached phase 10, and the sum violations seen.
    static func trace(n: Int, a: Int, seed: UInt64, maxTime: Double = 1e5) -> (counts: [Int], time: Double, backup: Bool, broken: Int) {
        let t = Doty21Majority.table(n: n)
        let values = Doty21Majority.scaledValues(t, n: n)
        let phases = Doty21Majority.phases(t)
        var l = 1
        while (1 << l) < n { l += 1 }
        let plus = 0, minus = 1
        var agents = [Int32](repeating: Int32(minus), count: n)
        for i in 0..<a { agents[i] = Int32(plus) }
        var counts = [Int](repeating: 0, count: t.stateCount)
        counts[plus] = a; counts[minus] = n - a
        var sum = (2 * a - n) << l
        let target = sum
        var late = 0          // agents in phases 8–10
        var broken = 0, backup = false
        var population = StepwiseAgents(t, agents: agents, seed: seed)
        let limit = UInt64(maxTime * Double(n))
        var tracker = ConvergenceTracker(t, counts: counts)
        while population.steps < limit {
            let (p, q, p2, q2) = population.step()
            if p == p2 && q == q2 { continue }
            counts[p] -= 1; counts[q] -= 1; counts[p2] += 1; counts[q2] += 1
            for (s, d) in [(p, -1), (q, -1), (p2, 1), (q2, 1)] {
                if let v = values[s] { sum += d * v } else { late += d }
                if phases[s] == 10 && d > 0 { backup = true }
            }
            if late == 0 && sum != target { broken += 1 }
            let done = counts.withUnsafeMutableBufferPointer { tracker.update(from: (p, q), to: (p2, q2), counts: $0) }
            if done { break }
        }
        return (counts, Double(population.steps) / Double(n), backup, broken)
    }

    static func outputs(_ counts: [Int], n: Int) -> [String: Int] {
        let t = Doty21Majority.table(n: n)
        var o: [String: Int] = [:]
        for (s, c) in counts.enumerated() where c > 0 { o[t.outputSymbols[t.output[s]], default: 0] += c }
        return o
    }

    /// Every transition in which no agent is or becomes past phase 7 keeps the sum of values
    /// (scaled by 2^L); biased Mains output their sign (spec, "Invariant to check").
    @Test(arguments: [64, 1_000])
    func everyRuleKeepsTheSum(n: Int) {
        let t = Doty21Majority.table(n: n)
        let v = Doty21Majority.scaledValues(t, n: n)
        var broken = 0, checked = 0
        for p in 0..<t.stateCount {
            for q in 0..<t.stateCount {
                let i = p << t.shift | q
                let p2 = Int(t.nextInitiator[i]), q2 = Int(t.nextResponder[i])
                guard let a = v[p], let b = v[q], let c = v[p2], let d = v[q2] else { continue }
                checked += 1
                if a + b != c + d { broken += 1 }
            }
        }
        #expect(broken == 0 && checked > 1000, "n = \(n): \(broken) of \(checked) rules change the sum")
    }

    /// Margin one both ways, a tie, and gap 0.1, agent by agent with the sum checked after every
    /// interaction of phases 0–7. The protocol is stable: any wrong output is a bug.
    @Test(arguments: [(1001, 501, "A"), (1001, 500, "B"), (1000, 500, "T"), (1000, 550, "A"), (101, 51, "A"), (100, 50, "T")])
    func exactAfterEveryInteraction(n: Int, a: Int, expected: String) {
        var backups = 0
        for seed in 1...10 {
            let r = Self.trace(n: n, a: a, seed: UInt64(seed))
            #expect(r.broken == 0, "n = \(n), a = \(a), seed \(seed): the sum changed \(r.broken) times")
            #expect(Self.outputs(r.counts, n: n) == [expected: n], "n = \(n), a = \(a), seed \(seed): \(Self.outputs(r.counts, n: n)) after \(r.time)")
            if r.backup { backups += 1 }
        }
        print("doty21 n = \(n), a = \(a): \(backups)/10 runs reached the backup")
    }

    /// 100 seeded trials through the study at n = 1001 from a margin of one, 50 with B ahead.
    @Test func hardestInputIsAlwaysRight() throws {
        try expectExactAtMarginOne(catalogPlugin("doty21-majority"), trials: 100, master: 21)
    }

    @Test func enginesAgree() throws {
        try expectEnginesAgree("doty21-majority", params: ["gap": "0.01"], task: "majority", expectCorrect: true)
    }

    /// States allocated grow linearly in L = ⌈log2 n⌉ (Θ(log n)): from L = 8 to L = 16 the count
    /// grows by a factor between 1.5 and 2.5.
    @Test func stateCountIsLogarithmic() {
        let s8 = Doty21Majority.table(n: 1 << 8).stateCount, s16 = Doty21Majority.table(n: 1 << 16).stateCount
        let ratio = Double(s16) / Double(s8)
        print("doty21 states: \(s8) at L = 8, \(s16) at L = 16")
        #expect(ratio > 1.5 && ratio < 2.5, "states \(s8) at L = 8, \(s16) at L = 16")
    }
}
