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
public struct SGD: DecentralizedAlgorithm {
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
            minimumN: 1,
            capabilities: Capabilities(mpi: .init(sequential: true), distributed: false))
    }

    public func defaultBudget(_ setup: TrialSetup) -> Double { OptimizationTasks.defaultBudget(setup, sequential: true) }

    public func runTrial(_ setup: TrialSetup, rng: inout Xoshiro256, recorder: inout TrialRecorder) throws {
        try TrialDriver.run(Rule(), setup, plugin: self, rng: &rng, recorder: &recorder)
    }

    /// One model; a global stochastic gradient step per event.
    struct Rule: UpdateRule {
        var gradsPerEvent: Double { 1 }
        var sequential: Bool { true }

        func start<T: OptimizationTask>(_ task: T, _ trial: inout TrialContext) -> State {
            State(models: trial.buffers.models(n: 1, of: task), g: trial.buffers.vector(trial.d))
        }

        struct State: RoundState {
            let models: ModelBuffer
            /// The stochastic gradient g.
            let g: UnsafeMutablePointer<Double>

            /// x <- x - eta_t g(x), g from a uniformly random node's data; one compute time.
            mutating func round<T: OptimizationTask>(_ task: T, _ trial: inout TrialContext) {
                let x = models.x, d = trial.d
                task.globalGradient(at: x, into: g, rng: &trial.rng)
                let e = trial.eta.eta(trial.events)
                for k in 0..<d { x[k] -= e * g[k] }
                trial.simulator.computeAll()
            }
        }
    }
}
