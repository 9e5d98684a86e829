import PopBenchCore

/// The state of an asynchronous algorithm: it schedules per-node events on the deployment
/// simulator and applies them in time order; the events it counts (gradient steps,
/// interactions) advance t.
protocol EventState: RuleState {
    /// Applies `event`, the earliest pending one, at t = `trial.events`; returns true when it
    /// counts as an event of the algorithm (t then advances), false for bookkeeping events (a
    /// gossip that ends, a finish that a rendezvous cancelled).
    mutating func handle<T: OptimizationTask>(_ event: SimEvent, _ task: T, _ trial: inout TrialContext) -> Bool
}

extension EventState {
    /// Takes events in time order until `trial.events` reaches `stop` or none is pending.
    @inline(__always)
    mutating func advance<T: OptimizationTask>(_ task: T, to stop: Int, _ trial: inout TrialContext) {
        while trial.events < stop, let event = trial.simulator.next() {
            if handle(event, task, &trial) { trial.events += 1 }
        }
    }
}
