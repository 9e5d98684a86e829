import PopBenchCore
import PopBenchOptimization

/// The algorithms the MPI backend runs: the plugins whose descriptors declare an MPI exchange,
/// each with its rank factory. Everything the backend asks of an algorithm (whether it runs on
/// MPI, on how many ranks, whether its messages are RMA epochs, whether the serial schedule
/// applies) is read from the plugin's `Capabilities`, never from a list of names.
public struct MPIAlgorithms: Sendable {
    /// The plugins the backend may be asked for (the optimization family's catalog).
    public var plugins: [any Plugin]
    /// Rank factories by catalog name.
    public var factories: [String: RankFactory]

    public init(plugins: [any Plugin], factories: [String: RankFactory]) {
        self.plugins = plugins; self.factories = factories
    }

    /// The optimization family's catalog with its factories: what `--backend mpi` runs.
    public static let standard = MPIAlgorithms(plugins: OptimizationFamily.catalog.plugins, factories: RankFactories.standard)

    /// The capabilities of `plugin`, or nil when it is not an optimization algorithm.
    public func capabilities(_ plugin: String) -> Capabilities? {
        plugins.first { $0.descriptor.name == plugin }?.descriptor.capabilities
    }

    /// Catalog names with an MPI implementation, in catalog order.
    public var names: [String] {
        plugins.map(\.descriptor).filter(\.capabilities.runsOnMPI).map(\.name)
    }

    /// The communication pattern one event of `plugin`'s ranks performs at n ranks under
    /// `config`, and how the simulated algorithm charges it (nil: it does not communicate);
    /// `validate-model` prices the algorithm by the pattern's calibrated fit.
    public func pricing(plugin: String, config: Configuration, n: Int) throws -> Pricing? {
        try factories[plugin]?.pricing(config, n)
    }

    /// The ranks a cell of `plugin` at population size `n` runs on: one per node; a sequential
    /// algorithm runs on one.
    public func ranks(plugin: String, n: Int) -> Int { capabilities(plugin)?.mpi?.ranks(n: n) ?? n }

    /// Checks that `plugin` has an MPI implementation.
    public func check(_ plugin: String) throws {
        guard let caps = capabilities(plugin), caps.runsOnMPI, factories[plugin] != nil else {
            let why = capabilities(plugin)?.noMPIReason.map { " (\($0))" } ?? ""
            throw UsageError("--backend mpi: \(plugin) has no MPI implementation\(why); allowed: \(names.joined(separator: ", "))")
        }
    }

    /// Refuses a cell whose rule has no faithful MPI version (checked before any rank starts).
    public func checkRule(_ cell: Cell) throws { try factories[cell.plugin]?.refuse(cell.config) }

    /// Checks that every cell of `spec` can run under `schedule`: `serial` applies only to
    /// algorithms whose ranks run without barriers.
    public func check(_ schedule: MPISchedule, _ spec: ExperimentSpec) throws {
        guard schedule == .serial else { return }
        let allowed = names.filter { capabilities($0)?.mpi?.serialSchedule == true }
        for cell in spec.cells where !allowed.contains(cell.plugin) {
            throw UsageError("--mpi-schedule: serial does not apply to \(cell.plugin) (its ranks synchronize every round); allowed with serial: \(allowed.joined(separator: ", "))")
        }
    }

    /// The rank-side algorithm of `setup.plugin` under `schedule`.
    func make(_ setup: TrialSetup, schedule: MPISchedule = .free) throws -> any RankAlgorithm {
        try check(setup.plugin)
        let factory = factories[setup.plugin]!
        try factory.refuse(setup.config)
        return try factory.make(setup, schedule)
    }
}
