import PopBenchCore
import PopBenchProtocols
import Testing

/// Agent and batch engines agree in distribution; closed forms hold on both
/// engines; em4 is always correct; am3's success rate.
@Suite struct ValidationTests {
    static let cases: [(name: String, params: [String: String], task: String)] = [
        ("epidemic", ["variant": "one-way"], "broadcast"),
        ("epidemic", ["variant": "two-way"], "broadcast"),
        ("am3", [:], "majority"),
        ("em4", ["gap": "0.05"], "majority"),
        ("le-trivial", [:], "leader"),
    ]

    @Test(arguments: 0..<5)
    func agentAndBatchAgree(index: Int) throws {
        let (name, params, task) = Self.cases[index]
        try expectEnginesAgree(name, params: params, task: task)
    }

    @Test(arguments: ["one-way", "two-way"])
    func epidemicClosedFormOnBatchEngine(variant: String) throws {
        for n in [1000, 1_000_000] {
            let plugin = Epidemic.plugin
            let recs = try runTrials(plugin, task: "broadcast", n: n, params: ["variant": variant, "engine": "batch"],
                                     trials: n > 1000 ? 300 : 1000, master: 5)
            let times = recs.map { $0.outcomes[OutcomeName.time]! }
            let config = try Configuration(specs: plugin.descriptor.parameters, overrides: ["variant": variant])
            let exact = plugin.exactExpectations(TrialSetup(plugin: "epidemic", task: "broadcast", n: n, config: config))[OutcomeName.time]!
            #expect(TestStats.interval99(times).contains(exact), "\(variant) n=\(n): mean \(TestStats.mean(times)) exact \(exact)")
        }
    }

    @Test(arguments: ["agent", "batch"])
    func leaderTrivialClosedForm(engine: String) throws {
        let n = 200
        let recs = try runTrials(LeaderTrivial.plugin, task: "leader", n: n, params: ["engine": engine], trials: 1000, master: 3)
        let inter = recs.map { $0.outcomes[OutcomeName.interactions]! }
        let exact = Double((n - 1) * (n - 1))
        #expect(TestStats.interval99(inter).contains(exact), "\(engine): mean \(TestStats.mean(inter)) exact \(exact)")
        #expect(recs.allSatisfy { $0.outcomes[OutcomeName.correct] == 1 })
    }

    @Test func em4AlwaysCorrect() throws {
        for side in ["A", "B"] {
            for engine in ["agent", "batch"] {
                // Margin of 2 agents out of 500: the hardest nonzero case for the parity used.
                let recs = try runTrials(EM4.plugin, task: "majority", n: 500,
                                         params: ["gap": "0.004", "majority": side, "engine": engine], trials: 100)
                #expect(recs.allSatisfy { $0.status == .ok && $0.outcomes[OutcomeName.correct] == 1 })
            }
        }
    }

    @Test func am3SuccessRate() throws {
        // Margin sqrt(n) log n at n = 10^4: 100 * 9.2 = 921 agents, gap 0.0921.
        let recs = try runTrials(AM3.plugin, task: "majority", n: 10_000, params: ["gap": "0.0921", "engine": "batch"], trials: 300)
        let ok = recs.filter { $0.outcomes[OutcomeName.correct] == 1 }.count
        let w = TestStats.wilson(successes: ok, trials: recs.count)
        print("am3 success rate at n=1e4, margin sqrt(n) ln n: \(ok)/\(recs.count), 99% Wilson [\(w.lowerBound), \(w.upperBound)]")
        #expect(w.upperBound > 0.99)
        // Near-zero margin: success is close to a coin flip, but the run still converges.
        let tie = try runTrials(AM3.plugin, task: "majority", n: 1000, params: ["gap": "0.002"], trials: 100)
        #expect(tie.allSatisfy { $0.status == .ok })
    }

    @Test func exactSamplersAtLargeCounts() {
        var rng = Xoshiro256(seed: 1)
        // Mean of Hypergeometric(good, bad, s) is s*good/(good+bad); counts far above 2^32.
        let good = 3_000_000_000_000, bad = 7_000_000_000_000, s = 50_000_000
        var sum = 0.0
        for _ in 0..<2000 { sum += Double(ExactSamplers.hypergeometric(good: good, bad: bad, sample: s, rng: &rng)) }
        let mean = sum / 2000, sd = (Double(s) * 0.3 * 0.7).squareRoot()
        #expect(abs(mean - Double(s) * 0.3) < 4 * sd / 2000.0.squareRoot())
        #expect(abs(ExactSamplers.logFactorialDifference(1_000_000, 999_990) - (999_991...1_000_000).reduce(0.0) { $0 + log(Double($1)) }) < 1e-9)
    }
}

import Foundation
