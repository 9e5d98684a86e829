import Foundation

/// Runs an experiment end to end into a result store: manifest, trials (appended as they finish,
/// resumable), canonical ordering at the end. Analysis and plots come after, from the records.
public struct RunSession: Sendable {
    public var registry: Registry
    /// `results/` by default.
    public var resultsRoot: URL
    public var jobs: Int?
    public var showProgress: Bool?

    public init(registry: Registry, resultsRoot: URL, jobs: Int? = nil, showProgress: Bool? = nil) {
        self.registry = registry; self.resultsRoot = resultsRoot; self.jobs = jobs; self.showProgress = showProgress
    }

    /// Starts a new run. `runID` nil picks a fresh id.
    public func start(_ spec: ExperimentSpec, arguments: [String], runID: String?, force: Bool) throws -> (ResultStore, [TrialRecord]) {
        let id = runID ?? ResultStore.newRunID(command: spec.command, root: resultsRoot)
        let store = try ResultStore.create(root: resultsRoot, runID: id, force: force)
        let runner = Runner(registry: registry, jobs: jobs)
        var manifest = Manifest(arguments: arguments, spec: spec, jobs: runner.jobs)
        try store.writeManifest(manifest)
        let records = try execute(spec, store: store, runner: runner, done: [])
        manifest.status = "trials complete"
        try store.writeManifest(manifest)
        return (store, records)
    }

    /// Finishes an interrupted run: trials already in `trials.jsonl` are kept, the rest are run.
    public func resume(runID: String) throws -> (ResultStore, [TrialRecord]) {
        let store = try ResultStore.open(root: resultsRoot, runID: runID)
        var manifest = try store.readManifest()
        let runner = Runner(registry: registry, jobs: jobs)
        let done = try store.readRecords()
        let records = try execute(manifest.spec, store: store, runner: runner, done: done)
        manifest.status = "trials complete"
        try store.writeManifest(manifest)
        return (store, records)
    }

    /// Marks the run `complete` with its end time: called once the summary, report and plots
    /// are written, so a manifest that says complete means every output is there.
    public func complete(_ store: ResultStore) throws {
        var manifest = try store.readManifest()
        manifest.endTime = Manifest.timestamp()
        manifest.status = "complete"
        try store.writeManifest(manifest)
    }

    /// Raises the trials per cell of run `runID` to `trials` and runs the new ones (`--precision`):
    /// the earlier trials are kept, the new ones get the seeds their indices derive.
    public func extend(runID: String, trials: Int) throws -> (ResultStore, [TrialRecord]) {
        let store = try ResultStore.open(root: resultsRoot, runID: runID)
        var manifest = try store.readManifest()
        manifest.spec.trials = Swift.max(manifest.spec.trials, trials)
        try store.writeManifest(manifest)
        return try resume(runID: runID)
    }

    private func execute(_ spec: ExperimentSpec, store: ResultStore, runner: Runner, done: [TrialRecord]) throws -> [TrialRecord] {
        let valid = done.filter { $0.cell < spec.cells.count && $0.trial < spec.trials }
        let skip = Set(valid.map { TrialKey(cell: $0.cell, trial: $0.trial) })
        let progress = ProgressBar(total: spec.totalTrials - skip.count, label: spec.command, enabled: showProgress)
        let fresh = try runner.run(spec, skip: skip) { record in
            try store.append(record)
            progress.tick()
        }
        progress.finish()
        let all = valid + fresh
        try store.finish(records: all)
        return all.sorted { ($0.cell, $0.trial) < ($1.cell, $1.trial) }
    }
}
