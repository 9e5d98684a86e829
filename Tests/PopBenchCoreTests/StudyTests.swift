import PopBenchCore
import Testing
import PopBenchTestSupport

/// The one door to a trial: a request becomes a validated experiment, seeds come from
/// `SeedDerivation` alone, and the timed and one-trial paths give the records of the plain run.
@Suite struct StudyTests {
    /// Two plugins on one task: the toy decay and a copy of it named as a reference.
    static let registry: Registry = {
        var reference = ToyDecay()
        reference.descriptor.name = "toy-ref"
        return Registry([PluginCatalog(plugins: [ToyDecay(), reference], tasks: toyRegistry.tasks)])
    }()

    func request(reference: String? = nil, plugins: [String] = ["toy-decay"], experiment: String? = nil) -> StudyRequest {
        StudyRequest(command: "test", experiment: experiment, plugins: plugins, reference: reference, task: "toy",
                     sizes: [2, 4], trials: 3, seed: 77)
    }

    @Test func referenceRunsFirstOnce() throws {
        let study = Study(registry: Self.registry, jobs: 2)
        for plugins in [["toy-decay"], ["toy-decay", "toy-ref"], ["toy-ref", "toy-decay"]] {
            let plan = try study.plan(request(reference: "toy-ref", plugins: plugins))
            #expect(plan.spec.cells.map(\.plugin) == ["toy-ref", "toy-ref", "toy-decay", "toy-decay"], "\(plugins)")
            #expect(plan.spec.referencePlugin == "toy-ref")
        }
        let plain = try study.plan(request())
        #expect(plain.spec.cells.map(\.plugin) == ["toy-decay", "toy-decay"] && plain.spec.referencePlugin == nil)
    }

    /// Every record's seed is the derivation of (master, experiment, plugin, parameters, n,
    /// trial), the experiment being the task's name unless the request names one.
    @Test func seedsComeFromTheDerivation() throws {
        let study = Study(registry: Self.registry, jobs: 2)
        for experiment in [nil, "other"] {
            let plan = try study.plan(request(experiment: experiment))
            let records = try study.run(plan)
            #expect(records.count == 6)
            for r in records {
                let seed = SeedDerivation.trialSeed(master: 77, experiment: experiment ?? "toy", plugin: r.plugin,
                                                    parameters: "rate=0.9", n: r.n, trial: r.trial)
                #expect(r.seed == String(seed, radix: 16))
            }
        }
    }

    @Test func timedAndSingleTrialsMatchThePlainRun() throws {
        let study = Study(registry: Self.registry, jobs: 2)
        let plan = try study.plan(request())
        let plain = try study.run(plan)
        let timed = try study.runTimed(plan)
        #expect(timed.map(\.record) == plain)
        #expect(timed.allSatisfy { $0.seconds >= 0 && $0.seconds.isFinite })
        let one = try study.runOne(plan, cell: 1, trial: 2)
        #expect(one.record == plain.first { $0.cell == 1 && $0.trial == 2 })
        // A trial index past the plan's count gets the seed its index derives.
        let extra = try study.runOne(plan, cell: 0, trial: 5)
        #expect(extra.record.seed == String(SeedDerivation.trialSeed(master: 77, experiment: "toy", plugin: "toy-decay",
                                                                     parameters: "rate=0.9", n: 2, trial: 5), radix: 16))
        #expect(throws: UsageError.self) { try study.runOne(plan, cell: 9, trial: 0) }
    }

    @Test func defaultTargetsOnlyWhenAsked() throws {
        let study = Study(registry: Self.registry)
        #expect(try study.plan(request()).spec.cells.allSatisfy { $0.target == 0.05 })
        var bare = request()
        bare.defaultTargets = false
        #expect(try study.plan(bare).spec.cells.allSatisfy { $0.target == nil })
    }

    @Test func analysisInMemoryCoversEveryCell() throws {
        let study = Study(registry: Self.registry)
        let (records, analysis) = try study.measure(study.plan(request(reference: "toy-ref")), runID: "mem")
        #expect(records.count == 12)
        #expect(Set(analysis.report.rows.map(\.plugin)) == ["toy-ref", "toy-decay"])
    }
}
