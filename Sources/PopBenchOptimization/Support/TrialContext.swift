import PopBenchCore

/// An algorithm's update rule: its own parameters, buffers and loop, run on the task of a trial by
/// `AlgorithmSupport.run` with the shared `TrialContext`.
protocol AlgorithmRule {
    /// Events (rounds, steps or interactions) per unit of parallel time; 1 unless overridden.
    var eventsPerUnit: Double { get }
    /// Events per step of the schedule, as `StepSchedule.resolved(eventsPerStep:)` takes it; 1 unless overridden.
    var eventsPerStep: Double { get }
    /// Gradient evaluations per event, for the `grads` clock.
    var gradsPerEvent: Double { get }
    /// True for an algorithm with one worker (sequential SGD): its node-steps are its steps.
    var sequential: Bool { get }
    /// Runs the trial on `task`: steps until `trial.nextStop` is nil, recording each checkpoint
    /// through `trial`, then calls `trial.finish`.
    func run<T: OptimizationTask>(_ task: T, _ trial: inout TrialContext, rng: inout Xoshiro256,
                                  recorder: inout TrialRecorder) throws
}

extension AlgorithmRule {
    /// One event per unit of parallel time (synchronous rounds or sequential steps).
    var eventsPerUnit: Double { 1 }
    /// One event per step of the schedule.
    var eventsPerStep: Double { 1 }
    /// n workers.
    var sequential: Bool { false }
}

/// What every algorithm sets up once per trial, when the task is known: the dimension, the cost
/// model and its own generator, the resolved step schedule and the checkpoint monitor; and the
/// recording of a checkpoint on every clock.
struct TrialContext {
    /// Model dimension.
    let d: Int
    /// The cost model at dimension `d`.
    let cost: CostModel
    /// The generator of compute-time samples, split from the trial's generator.
    var costRng: Xoshiro256
    /// The step-size schedule resolved for the task.
    let eta: ResolvedSchedule
    /// The checkpoint schedule and metric recording.
    var monitor: TrialMonitor
    /// Gradient evaluations per event.
    let gradsPerEvent: Double
    /// Events per unit of parallel time.
    let eventsPerUnit: Double
    /// Nodes that compute gradients: n, or 1 for a sequential algorithm (the `node-steps` clock).
    let workers: Int

    /// Sets up a trial of `budget` parallel time on `task`; draws one word of `rng` for `costRng`.
    init<T: OptimizationTask>(_ task: T, config: Configuration, budget: Double, schedule: StepSchedule,
                              eventsPerUnit: Double, eventsPerStep: Double, gradsPerEvent: Double,
                              workers: Int, rng: inout Xoshiro256) throws {
        d = task.dimension
        cost = try CostModel(config, dimension: d)
        costRng = Xoshiro256(seed: rng.next())
        eta = schedule.resolved(mu: task.strongConvexity, smoothness: task.smoothness, eventsPerStep: eventsPerStep)
        monitor = TrialMonitor(eventsPerUnit: eventsPerUnit,
                               total: AlgorithmSupport.events(budget: budget, perUnit: eventsPerUnit))
        self.gradsPerEvent = gradsPerEvent
        self.eventsPerUnit = eventsPerUnit
        self.workers = Swift.max(workers, 1)
    }

    /// The event count of the next checkpoint, or nil when the run is over.
    var nextStop: Int? { monitor.nextStop }

    /// The discrete-event wall clock of this trial for n nodes; its compute draws use `costRng`.
    func wallClock(n: Int) -> WallClock { WallClock(n: n, cost: cost, rng: costRng) }

    /// The clocks after `t` events under the engine `sim`.
    func clocks(events t: Int, sim: WallClock) -> Clocks {
        let grads = gradsPerEvent * Double(t)
        return Clocks(grads: grads, nodeSteps: grads / Double(workers), parallel: Double(t) / eventsPerUnit,
                      wall: sim.now, bytes: sim.bytesPerNode)
    }

    /// Records the checkpoint of the average of `models` after `t` events, then advances.
    mutating func record<T: OptimizationTask>(_ task: T, models: ModelBuffer, events t: Int, sim: WallClock,
                                              recorder: inout TrialRecorder) {
        monitor.record(task, models: models, clocks: clocks(events: t, sim: sim), recorder: &recorder)
    }

    /// Sets the end-of-trial outcomes after `t` events under the engine `sim`.
    func finish(events t: Int, sim: WallClock, recorder: inout TrialRecorder) {
        monitor.finish(clocks: clocks(events: t, sim: sim), recorder: &recorder)
    }
}

/// The task visitor that runs an `AlgorithmRule`: builds the `TrialContext` once the task is
/// known, then hands the rule the trial's generator and recorder.
struct TrialDriver<Rule: AlgorithmRule>: TaskVisitor {
    /// The algorithm with its parameters.
    let rule: Rule
    /// The trial's configuration (cost model parameters).
    let config: Configuration
    /// The budget in parallel time.
    let budget: Double
    /// The step-size schedule, resolved per task.
    let schedule: StepSchedule
    /// The trial's generator.
    var rng: Xoshiro256
    /// The trial's recorder.
    var recorder: TrialRecorder
    /// The population size n of the trial.
    let nodes: Int

    mutating func visit<T: OptimizationTask>(_ task: T) throws {
        var trial = try TrialContext(task, config: config, budget: budget, schedule: schedule,
                                     eventsPerUnit: rule.eventsPerUnit, eventsPerStep: rule.eventsPerStep,
                                     gradsPerEvent: rule.gradsPerEvent,
                                     workers: rule.sequential ? 1 : nodes, rng: &rng)
        try rule.run(task, &trial, rng: &rng, recorder: &recorder)
    }
}
