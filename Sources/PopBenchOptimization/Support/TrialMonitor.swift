import PopBenchCore

/// The checkpointing side of a trial, shared by all algorithms: the log-spaced schedule, metric
/// recording on the three clocks, divergence detection and the `final` outcome.
public struct TrialMonitor {
    public var schedule: CheckpointSchedule
    /// The primary metric at the last checkpoint.
    public private(set) var last: Double = .nan
    /// True once a recorded metric was NaN or infinite: the algorithm stops.
    public private(set) var diverged = false
    /// False until the task's checkpoint density has been applied (at the first checkpoint).
    private var shaped = false

    /// A monitor for `total` events, `eventsPerUnit` of them per unit of parallel time.
    public init(eventsPerUnit: Double, total: Int) {
        schedule = CheckpointSchedule(eventsPerUnit: eventsPerUnit, total: total)
    }

    /// The event count of the next checkpoint, or nil when the run is over.
    public var nextStop: Int? { schedule.active && !diverged ? schedule.next : nil }

    /// Records the metrics of the models in `models` at the current checkpoint, then advances.
    public mutating func record<T: OptimizationTask>(_ task: T, models: ModelBuffer, clocks: Clocks,
                                                     recorder: inout TrialRecorder) {
        let gamma = models.computeAverageAndGamma()
        record(task, average: UnsafePointer(models.average), gamma: gamma, clocks: clocks, recorder: &recorder)
    }

    /// Records the metrics for a given average model and disagreement, then advances.
    public mutating func record<T: OptimizationTask>(_ task: T, average: UnsafePointer<Double>, gamma: Double,
                                                     clocks: Clocks, recorder: inout TrialRecorder) {
        let v = task.checkpoint(average: average, gamma: gamma, clocks: clocks, recorder: &recorder)
        last = v
        if !v.isFinite || !gamma.isFinite { diverged = true }
        if !shaped {
            shaped = true
            if task.checkpointsPerDecade != 20 || task.firstCheckpoint > 0 {
                schedule.reshape(perDecade: task.checkpointsPerDecade, start: task.firstCheckpoint)
            }
        }
        schedule.advance()
    }

    /// Sets the outcomes at the end of the trial: `final` (the primary metric) and the clocks.
    public func finish(clocks: Clocks, recorder: inout TrialRecorder) {
        recorder.outcome(OutcomeName.finalValue, last)
        recorder.outcome("grads", clocks.grads)
        recorder.outcome("parallel", clocks.parallel)
        recorder.outcome("wall", clocks.wall)
        recorder.outcome("bytes", clocks.bytes)
        if diverged { recorder.mark(.diverged) }
    }
}
