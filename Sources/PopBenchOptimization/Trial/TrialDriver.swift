import PopBenchCore

/// The one loop of every simulated optimization trial: builds the task, the cost model, the
/// step schedule and the deployment simulator; starts the algorithm's state; advances it from
/// checkpoint to checkpoint of the log-spaced schedule, scoring its models on every clock; sets
/// the end-of-trial outcomes; and frees the trial's buffers.
///
/// Generic over the rule, so each algorithm's loop is specialized (no existential dispatch
/// inside it). The cost generator (stragglers and compute times) has its own stream, the trial
/// seed's `wall-clock costs` sub-seed; the algorithm draws from the trial's generator.
struct TrialDriver<Rule: UpdateRule>: TaskVisitor {
    /// The algorithm with its parameters.
    let rule: Rule
    /// The trial's configuration (cost model parameters).
    let config: Configuration
    /// The budget in parallel time.
    let budget: Double
    /// The step-size schedule, resolved per task.
    let schedule: StepSchedule
    /// The population size n of the trial.
    let nodes: Int
    /// The seed of the cost generator (`SeedDerivation.subSeed` of the trial seed).
    let costSeed: UInt64
    /// The trial's generator.
    var rng: Xoshiro256
    /// The trial's recorder.
    var recorder: TrialRecorder

    /// Runs one trial of `rule` on the task of `setup` for the budget of `setup` (or `plugin`'s
    /// default), handing the generator and recorder through.
    static func run<P: Plugin>(_ rule: Rule, _ setup: TrialSetup, plugin: P,
                               rng: inout Xoshiro256, recorder: inout TrialRecorder) throws {
        var driver = TrialDriver(rule: rule, config: setup.config, budget: setup.budget ?? plugin.defaultBudget(setup),
                                 schedule: try StepSchedule(setup.config), nodes: setup.n,
                                 costSeed: SeedDerivation.subSeed(setup.seed, "wall-clock costs"), rng: rng, recorder: recorder)
        try OptimizationTasks.make(setup).accept(&driver)
        rng = driver.rng
        recorder = driver.recorder
    }

    /// Runs the trial on the concrete task.
    mutating func visit<T: OptimizationTask>(_ task: T) throws {
        let d = task.dimension
        let cost = try CostModel(config, dimension: d)
        let costRng = Xoshiro256(seed: costSeed)
        let eta = schedule.resolved(mu: task.strongConvexity, smoothness: task.smoothness,
                                    eventsPerStep: rule.eventsPerStep)
        var monitor = TrialMonitor(eventsPerUnit: rule.eventsPerUnit,
                                   total: AlgorithmSupport.events(budget: budget, perUnit: rule.eventsPerUnit))
        let workers = rule.sequential ? 1 : Swift.max(nodes, 1)
        var trial = TrialContext(d: d, cost: cost, eta: eta,
                                 simulator: DeploymentSimulator(n: workers, cost: cost, rng: costRng), rng: rng)
        defer { trial.buffers.release() }
        var state = rule.start(task, &trial)
        while let stop = monitor.nextStop {
            state.advance(task, to: stop, &trial)
            monitor.record(task, models: state.checkpointModels(), clocks: reading(trial, workers: workers),
                           recorder: &recorder)
        }
        state.recordOutcomes(&recorder)
        monitor.finish(clocks: reading(trial, workers: workers), recorder: &recorder)
        rng = trial.rng
    }

    /// Every clock after `trial.events` events: grads = events x grads per event, node-steps =
    /// grads / workers, parallel = events / events per unit, wall and bytes from the simulator.
    func reading(_ trial: TrialContext, workers: Int) -> ClockReading {
        ClockReading.after(events: trial.events, gradsPerEvent: rule.gradsPerEvent, eventsPerUnit: rule.eventsPerUnit,
                           workers: workers, wall: trial.simulator.now, bytes: trial.simulator.bytesPerNode)
    }
}
