import PopBenchCore

/// Sequential SGD, the baseline (Robbins and Monro, 1951).
///
/// One model; each step draws a sample from a node chosen uniformly at random (an unbiased
/// gradient of the global objective) and sets x <- x - eta_t g(x). Parallel time = steps = gradient
/// evaluations; the wall clock adds one compute time per step (no communication).
///
/// Default schedule eta_t = min(1/L, 1/(mu (t + 1))): the classical rate for strongly convex
/// objectives (Rakhlin, Shamir, Sridharan, ICML 2012). On mean estimation (mu = L = 1) it is
/// min(1, 1/(t + 1)), which makes the model the running mean of the samples, the optimal estimator.
public struct SGD: Plugin {
    public init() {}

    public var descriptor: PluginDescriptor {
        PluginDescriptor(
            name: "sgd", family: .optimization,
            summary: "sequential SGD, the baseline (one gradient per step; parallel time = steps)",
            reference: "H. Robbins, S. Monro, A stochastic approximation method, Ann. Math. Statist. 1951",
            tasks: AlgorithmSupport.tasks,
            parameters: AlgorithmSupport.commonParameters,
            notes: "Default step eta_t = min(lr-max/L, lr/(mu (t + lr-offset))) with lr = lr-offset = lr-max = 1: "
                + "the 1/(mu t) rate of strongly convex SGD (Rakhlin, Shamir, Sridharan 2012); on mean "
                + "estimation min(1, 1/(t+1)), the running mean of the samples.",
            minimumN: 1)
    }

    public func validate(_ setup: TrialSetup) throws {
        try AlgorithmSupport.validate(setup, minimumN: 1, name: "sgd")
    }

    public func defaultBudget(_ setup: TrialSetup) -> Double { OptimizationTasks.defaultBudget(setup, sequential: true) }
    public func defaultTarget(_ setup: TrialSetup) -> Double? { OptimizationTasks.defaultTarget(setup) }

    public func runTrial(_ setup: TrialSetup, rng: inout Xoshiro256, recorder: inout TrialRecorder) throws {
        var body = Trial(config: setup.config, budget: setup.budget ?? defaultBudget(setup),
                         schedule: try StepSchedule(setup.config), rng: rng, recorder: recorder)
        try OptimizationTasks.make(setup).accept(&body)
        rng = body.rng
        recorder = body.recorder
    }

    struct Trial: TaskVisitor {
        let config: Configuration
        let budget: Double
        let schedule: StepSchedule
        var rng: Xoshiro256
        var recorder: TrialRecorder

        mutating func visit<T: OptimizationTask>(_ task: T) throws {
            let d = task.dimension
            let cost = try CostModel(config, dimension: d)
            var costRng = Xoshiro256(seed: rng.next())
            let eta = schedule.resolved(mu: task.strongConvexity, smoothness: task.smoothness, eventsPerStep: 1)
            let models = ModelBuffer(n: 1, d: d, initial: task.initialModel)
            let g = scratch(d)
            defer { models.deallocate(); g.deallocate() }
            let x = models.x
            let total = AlgorithmSupport.events(budget: budget, perUnit: 1)
            var monitor = TrialMonitor(eventsPerUnit: 1, total: total)
            var t = 0
            var wall = 0.0
            while let stop = monitor.nextStop {
                while t < stop {
                    task.globalGradient(at: x, into: g, rng: &rng)
                    let e = eta.eta(t)
                    for k in 0..<d { x[k] -= e * g[k] }
                    wall += cost.sample(&costRng)
                    t += 1
                }
                monitor.record(task, models: models, clocks: Clocks(grads: Double(t), parallel: Double(t), wall: wall),
                               recorder: &recorder)
            }
            monitor.finish(clocks: Clocks(grads: Double(t), parallel: Double(t), wall: wall), recorder: &recorder)
        }
    }
}
