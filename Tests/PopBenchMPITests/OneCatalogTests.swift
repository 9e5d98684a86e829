import PopBenchCore
import PopBenchMPI
import PopBenchOptimization
import PopBenchSuite
import PopBenchTestSupport
import Testing

/// One catalog: a plugin's descriptor is the only place that says what it supports, and every
/// command, figure and backend selects from the registry by capability.
@Suite struct OneCatalogTests {
    /// Every catalog algorithm that declares an MPI exchange has a rank factory, and every
    /// factory belongs to such an algorithm.
    @Test func everyMPIPluginHasAFactoryAndEveryFactoryAPlugin() {
        let claiming = Set(OptimizationFamily.catalog.plugins.map(\.descriptor).filter(\.capabilities.runsOnMPI).map(\.name))
        #expect(claiming == Set(RankFactories.standard.keys))
        #expect(!claiming.isEmpty)
        // A plugin without MPI says why, so --backend mpi can tell the user.
        for d in OptimizationFamily.catalog.plugins.map(\.descriptor) where !d.capabilities.runsOnMPI {
            #expect(d.capabilities.noMPIReason != nil, "\(d.name) has neither an MPI exchange nor a reason")
        }
    }

    /// A toy algorithm added through its own file, one factory and one catalog line appears in
    /// `list`, runs in `compare` (the study and analysis `compare` uses), is accepted by the MPI
    /// backend (checked, ranks counted, rank algorithm made; not launched: the MPI worker is the
    /// shipped executable, whose catalog a test cannot extend) and is drawn in F4, without any
    /// other change.
    @Test(.tags(.slow)) func aToyAlgorithmAppearsEverywhereThroughTheCatalogAlone() throws {
        let registry = Registry([ToyAlgorithm.catalog])
        let name = ToyAlgorithm.name

        #expect(CatalogListing.pluginTable(registry).contains(name))

        let study = Study(registry: registry, jobs: 1)
        let plan = try study.plan(StudyRequest(command: "compare", plugins: ["sgd", name], task: "mean", sizes: [8],
                                               overrides: [:], budget: nil, trials: 3, seed: 1, keepSeries: true))
        let records = try study.run(plan)
        let report = try Analyzer(registry: registry, spec: plan.spec).analyze(records, runID: "toy", resultsDir: "", plotsDir: nil).report
        #expect(report.rows.contains { $0.plugin == name && $0.metric == "time_to_target" && $0.successes > 0 })
        #expect(report.comparisons.contains { $0.plugin == name && $0.baseline == "sgd" })

        let mpi = MPIAlgorithms(plugins: ToyAlgorithm.catalog.plugins, factories: ToyAlgorithm.factories)
        #expect(mpi.names.contains(name))
        try mpi.check(name)
        #expect(mpi.ranks(plugin: name, n: 4) == 4)
        #expect(try mpi.pricing(plugin: name, config: Configuration(), n: 4)?.pattern == .allReduce)  // PSGD's rank side
        // Without its factory the backend refuses it, naming the algorithms it runs.
        let noFactory = MPIAlgorithms(plugins: ToyAlgorithm.catalog.plugins, factories: RankFactories.standard)
        #expect(throws: UsageError.self) { try noFactory.check(name) }

        let f4 = try #require(try FigureSet.select(["F4"]).first)
        let output = try f4.build(FigureContext(registry: registry, quick: true, seed: 1, jobs: 1))
        #expect(output.caption.contains("\(name): n = 16"), "\(output.caption)")
    }
}
