import Foundation

/// Runs an experiment's trials in parallel, each with its own derived seed, and hands each
/// finished trial to a sink as soon as it finishes.
///
/// Trials are independent jobs pulled from a shared queue by `jobs` worker threads. Because a
/// trial's seed depends only on (master seed, experiment, plugin, parameters, n, trial index), the
/// set of records is the same whatever `jobs` is; `ResultStore.finish` then writes them in
/// canonical order, so `trials.jsonl` is byte-identical across thread counts.
public struct Runner: Sendable {
    public let registry: Registry
    /// Worker threads; defaults to the number of cores.
    public let jobs: Int

    public init(registry: Registry, jobs: Int? = nil) {
        self.registry = registry
        self.jobs = max(1, jobs ?? ProcessInfo.processInfo.activeProcessorCount)
    }

    /// Runs every (cell, trial) of `spec` not listed in `skip`, calling `onRecord` (serialized)
    /// for each finished trial, and returns the new records in canonical order.
    public func run(_ spec: ExperimentSpec, skip: Set<TrialKey> = [],
                    onRecord: @escaping @Sendable (TrialRecord) throws -> Void = { _ in }) throws -> [TrialRecord] {
        try execute(spec, skip: skip, timed: false) { record, _ in try onRecord(record) }.map(\.record)
    }

    /// Like `run`, and times each trial's `runTrial` on the wall clock (speed measurements).
    public func runTimed(_ spec: ExperimentSpec, skip: Set<TrialKey> = []) throws -> [TimedTrial] {
        try execute(spec, skip: skip, timed: true) { _, _ in }
    }

    private func execute(_ spec: ExperimentSpec, skip: Set<TrialKey>, timed: Bool,
                         onRecord: @escaping @Sendable (TrialRecord, Double) throws -> Void) throws -> [TimedTrial] {
        let plugins = try spec.cells.map { try registry.plugin(named: $0.plugin) }
        let work: [TrialKey] = spec.cells.indices.flatMap { c in
            (0..<spec.trials).map { TrialKey(cell: c, trial: $0) }.filter { !skip.contains($0) }
        }
        let queue = WorkQueue(count: work.count)
        let sink = RecordSink(onRecord: onRecord)
        let workers = min(jobs, max(1, work.count))
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            while let i = queue.next() {
                let (c, t) = (work[i].cell, work[i].trial)
                let cell = spec.cells[c]
                let setup = cell.setup(trial: t, masterSeed: spec.masterSeed, experiment: spec.experiment)
                var rng = Xoshiro256(seed: setup.seed)
                var recorder = TrialRecorder()
                do {
                    let start = timed ? DispatchTime.now().uptimeNanoseconds : 0
                    try plugins[c].runTrial(setup, rng: &rng, recorder: &recorder)
                    let seconds = timed ? Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 : 0
                    try sink.accept(TimedTrial(record: TrialRecord(cell: c, setup: setup, recorder: recorder,
                                                                   keepSeries: spec.keepSeries), seconds: seconds))
                } catch {
                    sink.fail(error)
                    queue.cancel()
                }
            }
        }
        if let error = sink.firstError { throw error }
        return sink.records.sorted { ($0.record.cell, $0.record.trial) < ($1.record.cell, $1.record.trial) }
    }
}

/// A lock-protected job counter shared by the worker threads.
private final class WorkQueue: @unchecked Sendable {
    private let lock = NSLock()
    private var nextIndex = 0
    private let count: Int
    init(count: Int) { self.count = count }

    func next() -> Int? {
        lock.lock(); defer { lock.unlock() }
        guard nextIndex < count else { return nil }
        nextIndex += 1
        return nextIndex - 1
    }

    func cancel() {
        lock.lock(); nextIndex = count; lock.unlock()
    }
}

/// Serializes finished records into the caller's sink and keeps the first error.
private final class RecordSink: @unchecked Sendable {
    private let lock = NSLock()
    private let onRecord: @Sendable (TrialRecord, Double) throws -> Void
    private(set) var records: [TimedTrial] = []
    private(set) var firstError: Error?
    init(onRecord: @escaping @Sendable (TrialRecord, Double) throws -> Void) { self.onRecord = onRecord }

    func accept(_ trial: TimedTrial) throws {
        lock.lock(); defer { lock.unlock() }
        records.append(trial)
        try onRecord(trial.record, trial.seconds)
    }

    func fail(_ error: Error) {
        lock.lock(); defer { lock.unlock() }
        if firstError == nil { firstError = error }
    }
}
