import PopBenchCore
import PopBenchMPI
import PopBenchOptimization

/// A test-only algorithm added the way the README says one is added: one plugin value (here it
/// reuses synchronous PSGD's rule under its own name, so the test is about the plumbing, not a
/// new rule), one factory for the MPI backend, and one catalog line (the extra catalog below).
struct ToyAlgorithm: Plugin {
    static let name = "toy-allreduce"
    private let rule = PSGD()

    var descriptor: PluginDescriptor {
        var d = rule.descriptor
        d.name = Self.name
        d.summary = "test-only: PSGD's all-reduce rule under another name"
        return d
    }

    func defaultBudget(_ setup: TrialSetup) -> Double { rule.defaultBudget(setup) }
    func defaultTarget(_ setup: TrialSetup) -> Double? { rule.defaultTarget(setup) }
    func validate(_ setup: TrialSetup) throws { try rule.validate(setup) }
    func runTrial(_ setup: TrialSetup, rng: inout Xoshiro256, recorder: inout TrialRecorder) throws {
        try rule.runTrial(setup, rng: &rng, recorder: &recorder)
    }

    /// The catalog line: the optimization family's catalog plus this plugin.
    static let catalog = PluginCatalog(plugins: OptimizationFamily.catalog.plugins + [ToyAlgorithm()],
                                       tasks: OptimizationFamily.catalog.tasks,
                                       resourceEstimator: OptimizationFamily.catalog.resourceEstimator)

    /// The MPI factory: PSGD's ranks.
    static let factories = RankFactories.standard.merging([name: RankFactories.standard["psgd"]!]) { a, _ in a }
}
