import PopBenchCore

/// The checkpointing side of a trial, shared by all algorithms: the log-spaced schedule, metric
/// recording on every clock, divergence detection and the `final` outcomes.
///
/// At each checkpoint it scores the average model x_bar and every node's own model x_i, and
/// records for each scored metric m: `m` (x_bar), `m@nodes-mean` (mean over nodes),
/// `m@nodes-worst` (the worst node), plus `gamma` = (1/n) sum_i ||x_i - x_bar||^2 (`Quality`).
public struct TrialMonitor {
    public var schedule: CheckpointSchedule
    /// The primary metric (of the average model) at the last checkpoint.
    public private(set) var last: Double = .nan
    /// Every recorded metric at the last checkpoint, by series name.
    public private(set) var lastValues: [(String, Double)] = []
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

    /// Records the metrics of the models in `models` (average, per node, Gamma) at the current
    /// checkpoint, then advances.
    public mutating func record<T: OptimizationTask>(_ task: T, models: ModelBuffer, clocks: ClockReading,
                                                     recorder: inout TrialRecorder) {
        let gamma = models.computeAverageAndGamma()
        let specs = task.scoredMetrics
        let averageScores = task.score(UnsafePointer(models.average), count: specs.count)
        let k = Swift.min(task.nodeScoredCount, specs.count)
        var sums = [Double](repeating: 0, count: k)
        var worst = [Double](repeating: .nan, count: k)
        for i in 0..<models.n {
            let s = task.score(UnsafePointer(models.model(i)), count: k)
            for m in 0..<k {
                sums[m] += s[m]
                let better = specs[m].direction == .lowerIsBetter ? s[m] < worst[m] : s[m] > worst[m]
                if i == 0 || !s[m].isFinite || (worst[m].isFinite && !better) { worst[m] = s[m] }
            }
        }
        record(task, averageScores: averageScores, nodesMean: sums.map { $0 / Double(models.n) }, nodesWorst: worst,
               gamma: gamma, clocks: clocks, recorder: &recorder)
    }

    /// Records scores computed elsewhere (the MPI backend: each rank scores its own model and a
    /// collective reduces them): the scores of the average model, and per node-scored metric the
    /// mean over nodes and the worst node; then advances.
    public mutating func record<T: OptimizationTask>(_ task: T, averageScores: [Double], nodesMean: [Double],
                                                     nodesWorst: [Double], gamma: Double, clocks: ClockReading,
                                                     recorder: inout TrialRecorder) {
        let specs = task.scoredMetrics
        var values: [(String, Double)] = []
        for (m, spec) in specs.enumerated() { values.append((spec.name, averageScores[m])) }
        for m in 0..<Swift.min(nodesMean.count, nodesWorst.count, specs.count) {
            values.append((Quality.nodesMean.seriesName(of: specs[m].name), nodesMean[m]))
            values.append((Quality.nodesWorst.seriesName(of: specs[m].name), nodesWorst[m]))
        }
        values.append((OutcomeName.gamma, gamma))
        recorder.checkpoint(clockValues: [(.nodeSteps, clocks.nodeSteps), (.grads, clocks.grads),
                                          (.parallel, clocks.parallel), (.wall, clocks.wall), (.bytes, clocks.bytes)],
                            metricValues: values)
        let v = averageScores.first ?? .nan
        last = v
        lastValues = values
        if !v.isFinite || !gamma.isFinite { diverged = true }
        if !shaped {
            shaped = true
            if task.checkpointsPerDecade != 20 || task.firstCheckpoint > 0 {
                schedule.reshape(perDecade: task.checkpointsPerDecade, start: task.firstCheckpoint)
            }
        }
        schedule.advance()
    }

    /// Sets the outcomes at the end of the trial: `final` (the primary metric of the average
    /// model), `final:NAME` for every metric recorded at the last checkpoint, and the clocks.
    public func finish(clocks: ClockReading, recorder: inout TrialRecorder) {
        recorder.outcome(OutcomeName.finalValue, last)
        for (name, v) in lastValues { recorder.outcome(OutcomeName.finalValue + ":" + name, v) }
        recorder.outcome(Clock.nodeSteps.rawValue, clocks.nodeSteps)
        recorder.outcome("grads", clocks.grads)
        recorder.outcome("parallel", clocks.parallel)
        recorder.outcome("wall", clocks.wall)
        recorder.outcome("bytes", clocks.bytes)
        if diverged { recorder.mark(.diverged) }
    }
}
