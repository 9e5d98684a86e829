import PopBenchCore
import PopBenchProtocols
import Testing

/// Exact null skipping in the batch engine (`NullSkipping`): the convergence time has the agent
/// engine's law where the mode runs, and a closed form where one is known.
@Suite struct NullSkippingTests {
    /// Convergence interactions of `trials` runs from `counts`, seeds base + trial.
    static func interactions(_ table: CompiledProtocol, _ counts: [Int], trials: Int, base: UInt64,
                             _ run: (CompiledProtocol, [Int], inout Xoshiro256) -> SimulationResult) -> [SimulationResult] {
        (0..<trials).map { i in
            var rng = Xoshiro256(seed: base + UInt64(i))
            return run(table, counts, &rng)
        }
    }

    /// em4 at a margin of one agent (n = 301: 151 A, 150 B), where most interactions of the end
    /// phase are null: the batch engine with every interaction through null skipping (`.always`)
    /// and with its own choice (`.auto`, single steps at this n) against the agent engine, 400
    /// trials each, fixed seeds, two-sample KS p > 0.001.
    @Test func marginOneAgreesWithAgent() {
        let counts = [151, 150, 0, 0]
        let agent = Self.interactions(EM4.table, counts, trials: 400, base: 1_000) {
            AgentEngine.run($0, counts: $1, maxInteractions: .max, rng: &$2)
        }
        for policy in [NullSkipPolicy.always, .auto] {
            let batch = Self.interactions(EM4.table, counts, trials: 400, base: 5_000) {
                BatchEngine.run($0, counts: $1, maxInteractions: .max, rng: &$2, nullSkipping: policy)
            }
            #expect(batch.allSatisfy { $0.converged && $0.counts[1] + $0.counts[3] == 0 }, "\(policy): not converged to A")
            #expect(batch.allSatisfy { $0.nullInteractionsSkipped > 0 }, "\(policy): the mode never ran")
            let ks = TestStats.kolmogorovSmirnov(agent.map { Double($0.interactions) }, batch.map { Double($0.interactions) })
            #expect(ks.p > 0.001, "\(policy): KS D = \(ks.d), p = \(ks.p)")
        }
    }

    /// The multibatch path (n = 2 x `multibatchMinimum`) switches into null skipping for em4's
    /// tail at gap 0.1 (a tenth of the agents strong, converting the last weak minority agents)
    /// and back: 300 trials each against the agent engine, KS p > 0.001; every batch trial
    /// skipped some null interactions, and the result is the one without skipping in law.
    @Test func multibatchSwitchesAndAgrees() {
        let n = 2 * BatchEngine.multibatchMinimum
        let counts = [n / 2 + n / 20, n / 2 - n / 20, 0, 0]
        let agent = Self.interactions(EM4.table, counts, trials: 300, base: 9_000) {
            AgentEngine.run($0, counts: $1, maxInteractions: .max, rng: &$2)
        }
        let batch = Self.interactions(EM4.table, counts, trials: 300, base: 19_000) {
            BatchEngine.run($0, counts: $1, maxInteractions: .max, rng: &$2)
        }
        #expect(batch.allSatisfy { $0.converged && $0.nullInteractionsSkipped > 0 })
        let ks = TestStats.kolmogorovSmirnov(agent.map { Double($0.interactions) }, batch.map { Double($0.interactions) })
        #expect(ks.p > 0.001, "KS D = \(ks.d), p = \(ks.p)")
    }

    /// The one-way epidemic entirely through null skipping: expected interactions
    /// 2(n-1) H_{n-1} (with i infected a uniform ordered pair infects with probability
    /// i(n-i)/(n(n-1))), n = 1000, 500 trials, inside the mean's 99% interval.
    @Test func epidemicClosedForm() throws {
        let table = try CompiledProtocol(Epidemic.spec(variant: "one-way"))
        let n = 1000
        let runs = Self.interactions(table, [1, n - 1], trials: 500, base: 77) {
            BatchEngine.run($0, counts: $1, maxInteractions: .max, rng: &$2, nullSkipping: .always)
        }
        let exact = 2 * Double(n - 1) * ProtocolTrial.harmonic(n - 1)
        let x = runs.map { Double($0.interactions) }
        #expect(TestStats.interval99(x).contains(exact), "mean \(TestStats.mean(x)) exact \(exact)")
    }

    /// The budget ends among skipped nulls: the run stops at exactly `maxInteractions`,
    /// unconverged; and the same seed gives the same result.
    @Test func budgetAndDeterminism() {
        let counts = [51, 50, 0, 0]
        var a = Xoshiro256(seed: 3), b = Xoshiro256(seed: 3)
        let r1 = BatchEngine.run(EM4.table, counts: counts, maxInteractions: 5_000, rng: &a, nullSkipping: .always)
        let r2 = BatchEngine.run(EM4.table, counts: counts, maxInteractions: 5_000, rng: &b, nullSkipping: .always)
        #expect(r1 == r2)
        #expect(r1.interactions == 5_000 && !r1.converged)
        #expect(r1.counts.reduce(0, +) == 101)
    }

    /// The resource guard prices em4 by Draief-Vojnovic's bound (ln n + 1) / ε, not by its budget
    /// (100 times that): at a margin of one the measured mean stays under the bound (n = 1001,
    /// 40 trials: the last strong agent's coupon collection is about n ln n / 2, half the bound)
    /// and within a factor 4 of it, and a margin-one run at n = 100001 without `--budget` is
    /// planned (its budget priced it at 1.6 days, over the 24 h cap, and was refused).
    @Test func em4PricedByItsBound() throws {
        let recs = try runTrials(EM4.plugin, task: "majority", n: 1001, params: ["gap": "1e-9"], trials: 40, master: 31)
        let mean = recs.map { $0.outcomes[OutcomeName.time]! }.reduce(0, +) / Double(recs.count)
        let bound = try #require(EM4.plugin.predictedParallelTime(try EM4.plugin.setup(n: 1001, overrides: ["gap": "1e-9"])))
        #expect(mean < bound && mean > bound / 4, "mean \(mean), bound \(bound)")
        let study = Study(registry: Registry([PluginCatalog(plugins: [EM4.plugin], tasks: ProtocolTasks.all)]))
        _ = try study.plan(StudyRequest(command: "tests", experiment: "tests", plugins: ["em4"], task: "majority",
                                        sizes: [100_001], overrides: ["gap": "1e-9"], trials: 1, seed: 1, keepSeries: false))
    }
}
