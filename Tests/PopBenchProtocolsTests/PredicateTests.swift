import Foundation
import PopBenchCore
import PopBenchProtocols
import Testing

/// Count predicates the batch engine cannot decide exactly (not absorbing) are refused for it,
/// naming the rule, and run exactly on the agent engine (also under `auto`); absorbing ones run
/// on both engines with the same law.
@Suite struct PredicateTests {
    /// A two-way epidemic from one infected agent with convergence `count(I) <cmp> value`.
    func epidemic(_ convergence: String) throws -> FileProtocolPlugin {
        let text = """
        name: epidemic-count
        task: broadcast
        states: [I, S]
        outputs: {I: informed, S: uninformed}
        initial: {I: 1, S: rest}
        rules:
          - I, S -> I, I
          - S, I -> I, I
        convergence: \(convergence)
        """
        return try FileProtocolPlugin(file: try ProtocolFileParser.parse(text, file: "epidemic-count.yaml"))
    }

    /// Exact mean and standard deviation of the parallel time until k of n agents are informed:
    /// from i informed, an interaction informs with p_i = 2 i (n - i) / (n (n - 1)), so the time
    /// is a sum of independent geometric waits (mean 1/p_i, variance (1 - p_i)/p_i^2), over n.
    func epidemicTime(n: Int, k: Int) -> (mean: Double, sd: Double) {
        var mean = 0.0, variance = 0.0
        for i in 1..<k {
            let p = 2 * Double(i) * Double(n - i) / (Double(n) * Double(n - 1))
            mean += 1 / p; variance += (1 - p) / (p * p)
        }
        return (mean / Double(n), variance.squareRoot() / Double(n))
    }

    @Test func equalityThatCanBeLeftIsRefusedForBatchNamingTheRule() throws {
        let plugin = try epidemic("count(I) == 5000")
        let problem = try #require(plugin.table.batchPredicateProblem)
        #expect(problem.contains("rule (I, S) -> (I, I)"), "\(problem)")
        #expect(problem.contains("count(I) == 5000"))
        let config = try Configuration(specs: plugin.descriptor.parameters, overrides: ["engine": "batch"])
        let setup = TrialSetup(plugin: plugin.descriptor.name, task: "broadcast", n: 10_000, config: config,
                               budget: nil, trial: 0, seed: 1)
        #expect(throws: UsageError.self) { try plugin.validate(setup) }
        var rng = Xoshiro256(seed: 1)
        let counts = try plugin.table.initialCounts(n: 10_000)
        #expect(throws: ProtocolError.self) {
            try ProtocolSimulation.run(plugin.table, counts: counts, engine: .batch, maxInteractions: 1 << 30, rng: &rng)
        }
        // auto never hands it to the batch engine, however large n is.
        #expect(EngineKind.auto.resolved(n: 1 << 30, table: plugin.table) == .agent)
    }

    @Test func nonAbsorbingEqualityConvergesOnTheAgentEngineWithTheExactMean() throws {
        // 20/20 converge, and the mean time to exactly 5000 informed matches the closed form.
        let n = 10_000, k = 5000
        let recs = try runTrials(try epidemic("count(I) == \(k)"), task: "broadcast", n: n,
                                 params: ["engine": "agent"], trials: 20)
        #expect(recs.allSatisfy { $0.status == .ok })
        let times = recs.map { $0.outcomes["time"]! }
        let exact = epidemicTime(n: n, k: k)
        // 4.5 standard errors: a false failure about once in 10^5 runs.
        #expect(Swift.abs(TestStats.mean(times) - exact.mean) < 4.5 * exact.sd / Double(times.count).squareRoot(),
                "mean \(TestStats.mean(times)) vs exact \(exact.mean)")
    }

    @Test func absorbingThresholdRunsOnBothEnginesWithTheExactMean() throws {
        let n = 10_000, k = 5000
        let plugin = try epidemic("count(I) >= \(k)")
        #expect(plugin.table.batchPredicateProblem == nil)
        let exact = epidemicTime(n: n, k: k)
        for engine in ["agent", "batch"] {
            let recs = try runTrials(plugin, task: "broadcast", n: n, params: ["engine": engine], trials: 40)
            #expect(recs.allSatisfy { $0.status == .ok })
            let times = recs.map { $0.outcomes["time"]! }
            #expect(Swift.abs(TestStats.mean(times) - exact.mean) < 4.5 * exact.sd / Double(times.count).squareRoot(),
                    "\(engine): mean \(TestStats.mean(times)) vs exact \(exact.mean)")
        }
    }

    @Test func absorptionRuleCases() throws {
        // Monotone in the right direction: absorbing.
        #expect(try epidemic("count(S) <= 10").table.batchPredicateProblem == nil)
        // Moving away from the condition: not absorbing.
        #expect(try epidemic("count(S) >= 10").table.batchPredicateProblem != nil)
        #expect(try epidemic("count(I) <= 10").table.batchPredicateProblem != nil)
        // Leader election's count(L) == 1: the only count-changing rule needs two leaders.
        let leader = try FileProtocolPlugin(path: examplePath("leader-trivial.yaml"))
        #expect(leader.table.batchPredicateProblem == nil)
        #expect(EngineKind.auto.resolved(n: 1 << 30, table: leader.table) == .batch)
    }

    /// examples/protocols/NAME in this package.
    func examplePath(_ name: String) -> String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("examples/protocols/\(name)").path
    }
}
