import Foundation
import PopBenchCore
import PopBenchProtocols
import Testing

/// Count predicates the batch engine cannot decide exactly (neither absorbing nor monotone) are
/// refused for it, naming the rule, and run on the agent engine (also under `auto`); absorbing
/// and monotone ones run on both engines with the same law, checked against closed forms.
@Suite struct PredicateTests {
    /// Exact mean and standard deviation of the parallel time until k of n agents are informed
    /// (`twoWayEpidemicWait` from one informed agent, over n).
    func epidemicTime(n: Int, k: Int) -> (mean: Double, sd: Double) {
        let w = twoWayEpidemicWait(n: n, from: 1, to: k)
        return (w.mean / Double(n), w.sd / Double(n))
    }

    /// A protocol on states I, S from `initial` with `rules` and convergence `convergence`.
    func protocolFile(_ rules: [String], _ convergence: String, initial: String = "{I: 1, S: rest}") throws -> ProtocolPlugin {
        let text = "name: count-test\ntask: broadcast\nstates: [I, S]\noutputs: {I: informed, S: uninformed}\n"
            + "initial: \(initial)\nrules:\n" + rules.map { "  - \($0)" }.joined(separator: "\n") + "\nconvergence: \(convergence)\n"
        return try ProtocolFileLoader.plugin(file: try ProtocolFileParser.parse(text, file: "count-test.yaml"))
    }

    @Test func nonMonotoneNonAbsorbingPredicateIsRefusedForBatchNamingTheRule() throws {
        // Infection and recovery: count(I) goes up and down, so == 100 can be passed and left
        // inside one batch.
        let plugin = try protocolFile(["I, S -> I, I", "I, I -> I, S"], "count(I) == 100")
        let problem = try #require(plugin.fileTable.batchPredicateProblem)
        #expect(problem.contains("rule (I, S) -> (I, I)"), "\(problem)")
        #expect(problem.contains("count(I) == 100"))
        let config = try Configuration(specs: plugin.descriptor.parameters, overrides: ["engine": "batch"])
        let setup = TrialSetup(plugin: plugin.descriptor.name, task: "broadcast", n: 10_000, config: config,
                               budget: nil, trial: 0, seed: 1)
        #expect(throws: UsageError.self) { try plugin.validate(setup) }
        var rng = Xoshiro256(seed: 1)
        let counts = try plugin.fileTable.initialCounts(n: 10_000)
        #expect(throws: ProtocolError.self) {
            try ProtocolSimulation.run(plugin.fileTable, counts: counts, engine: .batch, maxInteractions: 1 << 30, rng: &rng)
        }
        // auto never hands it to the batch engine, however large n is.
        #expect(EngineKind.auto.resolved(n: 1 << 30, table: plugin.fileTable) == .agent)
        // The agent engine runs it: count(I) reaches 100 from 1 (the epidemic phase dominates).
        let recs = try runTrials(plugin, task: "broadcast", n: 10_000, params: ["engine": "agent"], trials: 5)
        #expect(recs.allSatisfy { $0.status == .ok })
    }

    @Test func monotoneEqualityIsExactOnBothEngines() throws {
        // count(I) == 5000 on the two-way epidemic is not absorbing (it is left at 5001) but
        // count(I) only grows: the batch engine detects count(I) >= 5000 and checks == at the
        // crossing. Both engines: 20/20 converge, mean within 4.5 standard errors of the exact
        // mean (a false failure about once in 10^5 runs). n = 10^4 runs multibatches with the
        // observed re-run and time-ordered replay; n = 2000 single steps with the replay.
        for (n, k) in [(10_000, 5000), (2000, 1000)] {
            let plugin = try twoWayEpidemic(convergence: "count(I) == \(k)")
            #expect(plugin.fileTable.batchPredicateMode == .relaxed(.atLeast))
            let exact = epidemicTime(n: n, k: k)
            for engine in ["agent", "batch"] {
                let recs = try runTrials(plugin, task: "broadcast", n: n, params: ["engine": engine], trials: 20)
                #expect(recs.allSatisfy { $0.status == .ok }, "\(engine) n=\(n): a trial missed the predicate")
                let times = recs.map { $0.outcomes["time"]! }
                #expect(Swift.abs(TestStats.mean(times) - exact.mean) < 4.5 * exact.sd / Double(times.count).squareRoot(),
                        "\(engine) n=\(n): mean \(TestStats.mean(times)) vs exact \(exact.mean)")
            }
        }
    }

    @Test func monotoneCountThatJumpsPastItsValueNeverConvergesOnEitherEngine() throws {
        // S, S -> I, I moves count(I) 1, 3, 5, ...: == 4 never holds, == 5 holds after the
        // second S-S meeting (almost every interaction is one at the start).
        let never = try protocolFile(["S, S -> I, I"], "count(I) == 4")
        let reached = try protocolFile(["S, S -> I, I"], "count(I) == 5")
        #expect(never.fileTable.batchPredicateMode == .relaxed(.atLeast))
        for n in [10_000, 2000] {
            for engine in ["agent", "batch"] {
                let a = try runTrials(never, task: "broadcast", n: n, params: ["engine": engine], trials: 5, budget: 2)
                #expect(a.allSatisfy { $0.status == .timeout }, "\(engine) n=\(n): == 4 reported converged")
                let b = try runTrials(reached, task: "broadcast", n: n, params: ["engine": engine], trials: 5, budget: 2)
                #expect(b.allSatisfy { $0.status == .ok }, "\(engine) n=\(n): == 5 missed")
            }
        }
    }

    @Test func absorbingThresholdRunsOnBothEnginesWithTheExactMean() throws {
        let n = 10_000, k = 5000
        let plugin = try twoWayEpidemic(convergence: "count(I) >= \(k)")
        #expect(plugin.fileTable.batchPredicateProblem == nil)
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
        #expect(try twoWayEpidemic(convergence: "count(S) <= 10").fileTable.batchPredicateProblem == nil)
        // Moving away from the condition: true at the start or never, so exact as well.
        #expect(try twoWayEpidemic(convergence: "count(S) >= 10").fileTable.batchPredicateMode == .absorbing)
        #expect(try twoWayEpidemic(convergence: "count(I) <= 10").fileTable.batchPredicateMode == .absorbing)
        #expect(try twoWayEpidemic(convergence: "count(S) == 10").fileTable.batchPredicateMode == .relaxed(.atMost))
        // Leader election's count(L) == 1: the only count-changing rule needs two leaders.
        let leader = try ProtocolFileLoader.plugin(path: examplePath("leader-trivial.yaml"))
        #expect(leader.fileTable.batchPredicateProblem == nil)
        #expect(EngineKind.auto.resolved(n: 1 << 30, table: leader.fileTable) == .batch)
    }

    /// examples/protocols/NAME in this package.
    func examplePath(_ name: String) -> String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("examples/protocols/\(name)").path
    }
}
