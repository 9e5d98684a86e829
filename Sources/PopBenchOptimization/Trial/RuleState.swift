import PopBenchCore

/// The state of a running algorithm, which `TrialDriver` advances from checkpoint to
/// checkpoint. Algorithms conform through `RoundState` (synchronous rounds) or `EventState`
/// (events of the deployment simulator in time order), which provide `advance`.
protocol RuleState {
    /// Runs events until `trial.events` reaches `stop`, or until nothing is left to run.
    mutating func advance<T: OptimizationTask>(_ task: T, to stop: Int, _ trial: inout TrialContext)

    /// The models the checkpoints score (the node models x_i).
    var models: ModelBuffer { get }

    /// The models to score now: `models`, after whatever the algorithm must compute first (push-sum
    /// de-biases its numerators here).
    mutating func checkpointModels() -> ModelBuffer

    /// Records the algorithm's own end-of-trial outcomes (before the shared ones).
    func recordOutcomes(_ recorder: inout TrialRecorder)
}

extension RuleState {
    /// The node models as they are.
    mutating func checkpointModels() -> ModelBuffer { models }

    /// No outcomes of its own.
    func recordOutcomes(_ recorder: inout TrialRecorder) {}
}
