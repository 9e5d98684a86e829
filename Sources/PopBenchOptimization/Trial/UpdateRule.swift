import PopBenchCore

/// An algorithm's update rule as `TrialDriver` runs it: its parameters, the rates that turn its
/// events (steps, rounds or interactions) into clocks, and the state it starts on a task.
///
/// The rule never loops over checkpoints, allocates with `defer` frees or reads clocks: the
/// driver does, and the rule's `State` only advances the models by events.
protocol UpdateRule {
    /// The running algorithm: its models, scratch and loop-carried variables.
    associatedtype State: RuleState

    /// Events per unit of parallel time; 1 unless overridden (n for pairwise interactions).
    var eventsPerUnit: Double { get }
    /// Events per gradient step of one node, as `StepSchedule.resolved(eventsPerStep:)` takes it;
    /// 1 unless overridden.
    var eventsPerStep: Double { get }
    /// Gradient evaluations per event, for the `grads` clock.
    var gradsPerEvent: Double { get }
    /// True for an algorithm with one worker (sequential SGD): its node-steps are its steps, and
    /// its simulator has one node.
    var sequential: Bool { get }

    /// The state at event 0 on `task`: buffers come from `trial.buffers` (the driver frees them),
    /// first events and compute draws from `trial.simulator`.
    func start<T: OptimizationTask>(_ task: T, _ trial: inout TrialContext) -> State
}

extension UpdateRule {
    /// One event per unit of parallel time (synchronous rounds or sequential steps).
    var eventsPerUnit: Double { 1 }
    /// One event per step of the schedule.
    var eventsPerStep: Double { 1 }
    /// n workers.
    var sequential: Bool { false }
}
