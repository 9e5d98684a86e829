import Foundation
import PopBenchCore
import PopBenchMPI
import PopBenchPlot

/// How a trial-running command (`compare`, `run`, `sweep`, `protocol`) gets its trials: a fresh
/// run of a study request or the rest of a killed run, one shard of it or all, in this process or
/// on MPI ranks. Every check happens before anything is written. The CLI parses its options into
/// this, and prints what comes back; it holds no run logic of its own.
public struct RunOrchestrator {
    /// Where the trials run.
    public enum Backend: Sendable {
        /// In this process, on the Runner's threads (simulated clocks).
        case simulated
        /// On MPI ranks, one per node (`--ranks` must equal the nodes when given).
        case mpi(ranks: Int?, schedule: MPISchedule)
    }

    /// The command name, recorded in the manifest (`--resume` accepts only the same command).
    public var command: String
    /// The registry the plugins come from.
    public var registry: Registry = Catalog.registry
    /// The root of run results (`--results-dir`).
    public var resultsRoot: URL
    /// The root of plots (`--plots-dir`); nil without plots.
    public var plotsRoot: URL?
    /// Threads for the trials (`--jobs`; nil: one per core).
    public var jobs: Int?
    /// Overwrite an earlier run of the same id (`--force`).
    public var force = false
    public var backend: Backend = .simulated
    /// Only plugins of this family may run (`protocol` runs protocols only); nil: any.
    public var family: PluginFamily?
    /// Checks the task of the run against the command's family-specific options, before work.
    public var checkTask: (TaskDescriptor?) throws -> Void = { _ in }
    /// Called with the run id once every check has passed and before the first trial runs (the
    /// CLI prints how to finish the run after an interrupt).
    public var onStart: (_ runID: String) -> Void = { _ in }

    /// A run's trials, stored, with what the reporter needs.
    public struct Outcome {
        public var store: ResultStore
        public var spec: ExperimentSpec
        public var records: [TrialRecord]
        public var session: RunSession
    }

    public init(command: String, resultsRoot: URL, plotsRoot: URL?) {
        self.command = command; self.resultsRoot = resultsRoot; self.plotsRoot = plotsRoot
    }

    /// Runs `request` as a new run (`runID`, or a fresh id with `suffix`), all of it or one
    /// `shard`.
    public func fresh(_ request: StudyRequest, runID: String?, suffix: String = "", shard: Shard? = nil,
                      arguments: [String] = CommandLine.arguments) throws -> Outcome {
        var session = try checkedSession()
        if let family {
            for name in request.orderedPlugins where try registry.plugin(named: name).descriptor.family != family {
                throw UsageError("\(name): not a \(family.rawValue) plugin; popbench \(command) runs \(family.rawValue)s only (use popbench compare --algos \(name))")
            }
        }
        let study = Study(registry: registry, jobs: jobs)
        let plan = try study.plan(request)
        try checkTask(plan.task)
        try ResourceGuard.checkTrials(cells: plan.spec.cells.count, trials: request.trials)
        let id = runID ?? ResultStore.newRunID(command: command + suffix, root: resultsRoot)
        try ResultStore.checkCreatable(root: resultsRoot, runID: id, force: force)
        if let plotsRoot { try RunPlots.checkCreatable(root: plotsRoot, runID: id, force: force) }
        session.executor = try executor(plan.spec, runID: id)
        onStart(id)
        let (store, records) = try study.record(plan, session: session, arguments: arguments, runID: id, force: force, shard: shard)
        return Outcome(store: store, spec: plan.spec, records: records, session: session)
    }

    /// Runs the trials a killed run `runID` has not finished; `plugin` is the plugin `protocol
    /// NAME` was given (a run is finished only by the command, and plugin, that made it).
    public func resume(runID: String, plugin: String? = nil) throws -> Outcome {
        var session = try checkedSession()
        let existing = try ResultStore.open(root: resultsRoot, runID: runID).readManifest().spec
        try Self.checkSameCommand(existing, command: command, runID: runID, plugin: plugin)
        try checkTask(existing.cells.map(\.task).first.map { try registry.task(named: $0) })
        session.executor = try executor(existing, runID: runID)
        onStart(runID)
        let (store, records) = try session.resume(runID: runID)
        return Outcome(store: store, spec: try store.readManifest().spec, records: records, session: session)
    }

    /// Throws when the run was made by another command, or (for `protocol NAME`) another plugin.
    public static func checkSameCommand(_ spec: ExperimentSpec, command: String, runID: String, plugin: String? = nil) throws {
        guard spec.command == command else {
            throw UsageError("--resume: run '\(runID)' was made by 'popbench \(spec.command)'; finish it with popbench \(spec.command) --resume \(runID)")
        }
        if let plugin, let first = spec.cells.first?.plugin, first != plugin {
            throw UsageError("--resume: run '\(runID)' runs \(first), not \(plugin); finish it with popbench \(command) \(first) --resume \(runID)")
        }
    }

    /// The output roots checked (every path before anything is written), and a session on them.
    private func checkedSession() throws -> RunSession {
        try OutputDirectory.check(resultsRoot, field: "--results-dir")
        if let plotsRoot { try OutputDirectory.check(plotsRoot, field: "--plots-dir") }
        return RunSession(registry: registry, resultsRoot: resultsRoot, jobs: jobs)
    }

    /// The executor of `spec` on this backend: nil for the in-process Runner, or the MPI
    /// launcher, checked before any work (every algorithm has an MPI implementation and a
    /// faithful rule, `--ranks` matches the nodes, the schedule applies, mpirun is installed).
    private func executor(_ spec: ExperimentSpec, runID: String) throws -> (any TrialExecutor)? {
        guard case .mpi(let ranks, let schedule) = backend else { return nil }
        return try Self.mpiLauncher(spec, ranks: ranks, schedule: schedule, runID: runID)
    }

    /// The MPI launcher of `spec`, checked before any work.
    public static func mpiLauncher(_ spec: ExperimentSpec, ranks: Int?, schedule: MPISchedule = .free,
                                   runID: String) throws -> MPILauncher {
        try MPILauncher.validate(spec, ranks: ranks)
        try schedule.check(spec)
        let extra = ProcessInfo.processInfo.environment["POPBENCH_MPIRUN_ARGS"]?.split(separator: " ").map(String.init) ?? []
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("popbench-mpi-\(runID)-\(getpid())")
        var launcher = try MPILauncher(executable: Bundle.main.executablePath ?? CommandLine.arguments[0], scratch: scratch,
                                       extraArguments: extra)
        launcher.schedule = schedule
        return launcher
    }
}
