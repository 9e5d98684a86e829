import Foundation

/// The one door to a trial: a request becomes a validated experiment (`ExperimentBuilder`), the
/// experiment's trials run through the `Runner` with seeds from `SeedDerivation`, and the records
/// come back with their analysis, in memory or through a `RunSession` into a `ResultStore`.
///
/// Every command and suite that runs trials (compare, sweep, figures, check, throughput, the
/// engine benchmarks, the default targets' reference runs) goes through here, so validation,
/// seeding and statistics exist once.
public struct Study: Sendable {
    public let registry: Registry
    /// Worker threads of the runner; nil: one per core.
    public var jobs: Int?

    public init(registry: Registry, jobs: Int? = nil) {
        self.registry = registry; self.jobs = jobs
    }

    /// The validated experiment of a request, with its resolved task.
    public struct Plan: Sendable {
        public var spec: ExperimentSpec
        public var task: TaskDescriptor
    }

    /// Validates `request` before any work: the reference plugin goes first (the baseline of
    /// every comparison), every cell is checked, and the experiment is named after the task
    /// unless the request names it.
    public func plan(_ request: StudyRequest) throws -> Plan {
        var built = request.cells
        built.plugins = request.orderedPlugins
        let (cells, task) = try ExperimentBuilder(registry: registry).cells(for: built)
        let spec = ExperimentSpec(command: request.command, experiment: request.experiment ?? task.name, cells: cells,
                                  trials: request.trials, masterSeed: request.seed,
                                  keepSeries: request.keepSeries ?? (task.primaryMetric != nil),
                                  referencePlugin: request.reference)
        return Plan(spec: spec, task: task)
    }

    /// Runs the trials of `plan` not in `skip` in memory and returns their records in canonical
    /// order (cell, then trial).
    public func run(_ plan: Plan, skip: Set<TrialKey> = []) throws -> [TrialRecord] {
        try Runner(registry: registry, jobs: jobs).run(plan.spec, skip: skip)
    }

    /// Runs the trials of `plan` not in `skip`, timing each (the plugin's `runTrial` alone), and
    /// returns them in canonical order.
    public func runTimed(_ plan: Plan, skip: Set<TrialKey> = []) throws -> [TimedTrial] {
        try Runner(registry: registry, jobs: jobs).runTimed(plan.spec, skip: skip)
    }

    /// Runs one trial of one cell of `plan` on this thread, timed: speed measurements that
    /// interleave other work (a calibration kernel) between trials.
    public func runOne(_ plan: Plan, cell: Int = 0, trial: Int) throws -> TimedTrial {
        var spec = plan.spec
        spec.trials = Swift.max(spec.trials, trial + 1)
        let wanted = TrialKey(cell: cell, trial: trial)
        let skip = Set(spec.cells.indices.flatMap { c in (0..<spec.trials).map { TrialKey(cell: c, trial: $0) } })
            .subtracting([wanted])
        guard spec.cells.indices.contains(cell),
              let timed = try Runner(registry: registry, jobs: 1).runTimed(spec, skip: skip).first else {
            throw UsageError("trial \(trial) of cell \(cell): not in the experiment")
        }
        return timed
    }

    /// Analyzes records of `plan` in memory (no files).
    public func analyze(_ plan: Plan, records: [TrialRecord], runID: String) throws -> Analyzer.Analysis {
        try Analyzer(registry: registry, spec: plan.spec).analyze(records, runID: runID, resultsDir: "", plotsDir: nil)
    }

    /// Runs `plan` and analyzes it in memory: the records and their analysis.
    public func measure(_ plan: Plan, runID: String) throws -> (records: [TrialRecord], analysis: Analyzer.Analysis) {
        let records = try run(plan)
        return (records, try analyze(plan, records: records, runID: runID))
    }

    /// Runs `plan` into a new stored run of `session` (manifest, `trials.jsonl` appended as
    /// trials finish, canonical order at the end), on the session's threads or executor (the
    /// MPI backend); `shard` runs only that shard's trials.
    public func record(_ plan: Plan, session: RunSession, arguments: [String], runID: String?, force: Bool,
                       shard: Shard? = nil) throws -> (ResultStore, [TrialRecord]) {
        try session.start(plan.spec, arguments: arguments, runID: runID, force: force, shard: shard)
    }
}
