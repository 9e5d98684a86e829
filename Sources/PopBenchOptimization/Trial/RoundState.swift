import PopBenchCore

/// The state of a synchronous algorithm: every event is one round (or one sequential step),
/// and the event count t advances after each.
protocol RoundState: RuleState {
    /// Round t = `trial.events` (0-based): every node's work and communication of that round.
    mutating func round<T: OptimizationTask>(_ task: T, _ trial: inout TrialContext)
}

extension RoundState {
    /// Runs rounds until `trial.events` reaches `stop`.
    @inline(__always)
    mutating func advance<T: OptimizationTask>(_ task: T, to stop: Int, _ trial: inout TrialContext) {
        while trial.events < stop {
            round(task, &trial)
            trial.events += 1
        }
    }
}
