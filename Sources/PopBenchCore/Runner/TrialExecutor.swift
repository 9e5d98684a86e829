/// Something that runs the trials of an experiment and hands each finished record to a sink:
/// the in-process `Runner` (threads), or a backend that runs them elsewhere (MPI ranks).
///
/// Whatever runs them, a trial's seed and record schema are the same, so results share every
/// analysis; `RunSession` stores the records the same way for each.
public protocol TrialExecutor: Sendable {
    /// Runs every (cell, trial) of `spec` not in `skip`, calling `onRecord` (serialized) for
    /// each finished trial; returns the new records in canonical order.
    func run(_ spec: ExperimentSpec, skip: Set<TrialKey>,
             onRecord: @escaping @Sendable (TrialRecord) throws -> Void) throws -> [TrialRecord]
}

extension Runner: TrialExecutor {}
