import PopBenchCore
import PopBenchOptimization
import Testing

/// Acceptance on the `cnn` task through the plugins' public API, with every default
/// (schedule constants, budget, target) as `popbench compare` uses them.
@Suite struct CNNTaskTests {
    /// Five trial seeds, shared by SGD and PopSGD.
    static let seeds: [UInt64] = [11, 12, 13, 14, 15]

    /// One default-configured trial of `plugin` on `cnn` with n nodes (default budget unless
    /// given); returns its recorder.
    static func trial(_ plugin: String, n: Int, seed: UInt64, budget: Double? = nil) throws -> TrialRecorder {
        try Fixture.run(plugin, task: "cnn", n: n, budget: budget, seed: seed)
    }

    /// Sequential SGD's five trials, run once for the tests that need them (about a second each).
    static let sgdRuns: [TrialRecorder] = seeds.map { try! trial("sgd", n: 1, seed: $0) }

    @Test func defaultsAreTwentyEpochsAndTarget97Percent() throws {
        let (sgd, s) = try Fixture.setup("sgd", task: "cnn", n: 1)
        #expect(sgd.defaultBudget(s) == 880)
        #expect(sgd.defaultTarget(s) == 0.97)
        let (pop, p) = try Fixture.setup("popsgd", task: "cnn", n: 32)
        #expect(pop.defaultBudget(p) == 880)
        let (_, b8) = try Fixture.setup("sgd", task: "cnn", n: 1, ["batch": "8"])
        #expect(sgd.defaultBudget(b8) == Double(20 * (1437 / 8)))
    }

    @Test func sequentialSGDReaches97PercentInTwentyEpochs() throws {
        let finals = Self.sgdRuns.map { $0.outcomes[OutcomeName.finalValue] ?? .nan }
        let mean = finals.reduce(0, +) / Double(finals.count)
        let steps = Self.sgdRuns.map { $0.outcomes["parallel"] ?? .nan }
        print("cnn: sequential SGD, B = 32, default schedule (step 0.1), 880 steps = 20 epochs: "
            + "test accuracy \(finals), mean \(mean)")
        #expect(steps.allSatisfy { $0 == 880 })
        #expect(mean >= 0.97, "accuracies \(finals)")
        // Checkpoints are spaced out: a few dozen per run, not one per step.
        let checkpoints = Self.sgdRuns[0].series.clocks[Clock.parallel.rawValue]?.count ?? 0
        #expect((20...40).contains(checkpoints), "checkpoints \(checkpoints)")
    }

    @Test func popSGDWithEightNodesNeedsLessParallelTimeThanSGD() async throws {
        let target = 0.97
        let pop = try await withThrowingTaskGroup(of: TrialRecorder.self) { group in
            // Half the default budget: PopSGD settles by about 100 units, so 440 leave it more
            // than four times that to prove it stays (and halve the test's cost).
            for seed in Self.seeds { group.addTask { try Self.trial("popsgd", n: 8, seed: seed, budget: 440) } }
            var out: [TrialRecorder] = []
            for try await r in group { out.append(r) }
            return out
        }
        func times(_ runs: [TrialRecorder]) -> [Double] {
            runs.map { Fixture.timeToTarget($0, metric: "accuracy", target: target, higherIsBetter: true) ?? .infinity }
        }
        let tSGD = times(Self.sgdRuns), tPop = times(pop)
        let ratio = Statistics.median(tPop) / Statistics.median(tSGD)
        let ci = Statistics.bootstrapRatioInterval(numerator: tPop, denominator: tSGD, level: 0.95, seed: 6)
        let popFinal = pop.map { $0.outcomes[OutcomeName.finalValue] ?? .nan }
        print("cnn: parallel time to a settled test accuracy >= \(target): SGD \(tSGD.sorted()), "
            + "PopSGD n = 8 \(tPop.sorted()); ratio of medians PopSGD/SGD \(ratio), "
            + "95% bootstrap CI [\(ci.low), \(ci.high)]; PopSGD final accuracy \(popFinal)")
        #expect(tPop.allSatisfy { $0.isFinite }, "PopSGD trials that never settled: \(tPop)")
        #expect(ratio < 1)
        #expect(ci.high < 1, "CI [\(ci.low), \(ci.high)]")
    }
}

/// Bad input to the `cnn` task is a `UsageError` naming the field, from the plugins' `validate`.
@Suite struct CNNTaskValidationTests {
    /// The message of the error `validate` throws for `popsgd` on `cnn` after setting `field`
    /// to `value` in a valid configuration (bypassing option parsing), or nil.
    func message(n: Int = 8, _ field: String, _ value: ParameterValue) -> String? {
        do {
            let (p, s0) = try Fixture.setup("popsgd", task: "cnn", n: n)
            var s = s0
            s.config[field] = value
            try p.validate(s)
            return nil
        } catch let e as UsageError {
            return e.message
        } catch {
            return "unexpected \(error)"
        }
    }

    @Test func batchZero() {
        #expect(message("batch", .int(0))?.contains("batch") == true)
    }

    @Test func batchLargerThanANodeShard() {
        // 1,437 training images over 32 nodes: shards of 44 or 45.
        let m = message(n: 32, "batch", .int(46))
        #expect(m?.contains("batch") == true && m?.contains("shard") == true, "\(m ?? "nil")")
        #expect(message(n: 32, "batch", .int(44)) == nil)
    }

    @Test func unknownArchitecture() {
        let m = message("architecture", .string("resnet18"))
        #expect(m?.contains("architecture") == true && m?.contains("conv16-conv32-pool-linear") == true, "\(m ?? "nil")")
    }

    @Test func unknownSplit() {
        #expect(message("split", .string("dirichlet"))?.contains("split") == true)
    }
}
