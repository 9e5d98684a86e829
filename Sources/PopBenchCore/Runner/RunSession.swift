import Foundation

/// Runs an experiment end to end into a result store: manifest, trials (appended as they finish,
/// resumable), canonical ordering at the end. Analysis and plots come after, from the records.
public struct RunSession: Sendable {
    public var registry: Registry
    /// `results/` by default.
    public var resultsRoot: URL
    public var jobs: Int?
    public var showProgress: Bool?
    /// Runs the trials instead of the in-process `Runner` (the MPI backend); nil: the Runner.
    public var executor: (any TrialExecutor)?

    public init(registry: Registry, resultsRoot: URL, jobs: Int? = nil, showProgress: Bool? = nil) {
        self.registry = registry; self.resultsRoot = resultsRoot; self.jobs = jobs; self.showProgress = showProgress
    }

    /// Starts a new run. `runID` nil picks a fresh id. With a `shard`, only that shard's trials
    /// run and `trials.jsonl` holds only them (`popbench merge` joins the shards).
    public func start(_ spec: ExperimentSpec, arguments: [String], runID: String?, force: Bool,
                      shard: Shard? = nil) throws -> (ResultStore, [TrialRecord]) {
        let id = runID ?? ResultStore.newRunID(command: spec.command, root: resultsRoot)
        let store = try ResultStore.create(root: resultsRoot, runID: id, force: force)
        let runner = Runner(registry: registry, jobs: jobs)
        var manifest = Manifest(arguments: arguments, spec: spec, jobs: runner.jobs)
        manifest.shard = shard
        try store.writeManifest(manifest)
        let records = try execute(spec, store: store, runner: runner, done: [], shard: shard)
        Self.markTrialsDone(&manifest)
        try store.writeManifest(manifest)
        return (store, records)
    }

    /// Finishes an interrupted run: trials already in `trials.jsonl` are kept, the rest are run.
    public func resume(runID: String) throws -> (ResultStore, [TrialRecord]) {
        let store = try ResultStore.open(root: resultsRoot, runID: runID)
        var manifest = try store.readManifest()
        let runner = Runner(registry: registry, jobs: jobs)
        let done = try store.readRecords()
        let records = try execute(manifest.spec, store: store, runner: runner, done: done, shard: manifest.shard)
        Self.markTrialsDone(&manifest)
        try store.writeManifest(manifest)
        return (store, records)
    }

    /// After the trials: a shard run is `complete` (it writes no summary or plots; `merge` does);
    /// a whole run is `trials complete` until `complete(_:)` after its summary and plots.
    private static func markTrialsDone(_ manifest: inout Manifest) {
        if manifest.shard != nil {
            manifest.endTime = Manifest.timestamp()
            manifest.status = "complete"
        } else {
            manifest.status = "trials complete"
        }
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

    private func execute(_ spec: ExperimentSpec, store: ResultStore, runner: Runner, done: [TrialRecord],
                         shard: Shard?) throws -> [TrialRecord] {
        let valid = done.filter {
            $0.cell < spec.cells.count && $0.trial < spec.trials
                && (shard?.owns(TrialKey(cell: $0.cell, trial: $0.trial), trials: spec.trials) ?? true)
        }
        let foreign = shard?.foreignKeys(of: spec) ?? []
        let skip = Set(valid.map { TrialKey(cell: $0.cell, trial: $0.trial) }).union(foreign)
        let progress = ProgressBar(total: spec.totalTrials - skip.count, label: spec.command, enabled: showProgress)
        let fresh = try (executor ?? runner).run(spec, skip: skip) { record in
            try store.append(record)
            progress.tick()
        }
        progress.finish()
        let all = valid + fresh
        try store.finish(records: all)
        return all.sorted { ($0.cell, $0.trial) < ($1.cell, $1.trial) }
    }
}
