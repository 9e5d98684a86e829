import PopBenchCore

/// Local SGD (Stich, "Local SGD converges fast and communicates little", ICLR 2019; Lin et al.,
/// "Don't use large mini-batches, use local SGD", ICLR 2020).
///
/// Every node runs x_i <- x_i - eta_t g_i(x_i) on its own data; after every H local steps all
/// models are replaced by their average (an all-reduce of models). H = 1 is PSGD with model
/// averaging. Parallel time = local steps (one gradient per node per unit). Wall clock: nodes
/// compute independently; at each average they wait for the slowest, then pay a ring all-reduce.
///
/// Default schedule eta_t = min(1/L, 1/(mu (t + 1))), t = local steps: the averaged model follows
/// mini-batch SGD with the same step (Stich 2019 uses a/(t + b) of this form).
public struct LocalSGD: DecentralizedAlgorithm {
    public init() {}

    public var descriptor: PluginDescriptor {
        PluginDescriptor(
            name: "localsgd", family: .optimization,
            summary: "Local SGD: H local steps per node, then a global model average (all-reduce)",
            reference: "S. U. Stich, Local SGD converges fast and communicates little, ICLR 2019",
            tasks: AlgorithmSupport.tasks,
            parameters: [.int("local-steps", default: 4, range: 1...1e6,
                              help: "H: local steps between global averages (H = 1: PSGD with model averaging)")]
                + AlgorithmSupport.commonParameters,
            predictedBound: .inverse,
            notes: "Default step eta_t = min(lr-max/L, lr/(mu (t + lr-offset))), t = local steps (Stich 2019). "
                + "Default H = 4: communication cut 4x at no asymptotic cost for small H (Stich 2019, Thm 2.2).",
            minimumN: 1,
            capabilities: Capabilities(mpi: .init()))
    }

    public func validate(_ setup: TrialSetup) throws {
        try validateCommon(setup)
        _ = try AlgorithmSupport.int(setup.config, "local-steps", in: 1...1_000_000)
    }

    public func runTrial(_ setup: TrialSetup, rng: inout Xoshiro256, recorder: inout TrialRecorder) throws {
        let rule = Rule(n: setup.n, h: try AlgorithmSupport.int(setup.config, "local-steps", in: 1...1_000_000))
        try TrialDriver.run(rule, setup, plugin: self, rng: &rng, recorder: &recorder)
    }

    /// n models stepping locally, averaged every h steps.
    struct Rule: UpdateRule {
        let n: Int
        let h: Int
        var gradsPerEvent: Double { Double(n) }

        func start<T: OptimizationTask>(_ task: T, _ trial: inout TrialContext) -> State {
            State(n: n, h: h, models: trial.buffers.models(n: n, of: task), g: trial.buffers.vector(trial.d),
                  average: trial.buffers.vector(trial.d))
        }

        struct State: RoundState {
            let n: Int, h: Int
            let models: ModelBuffer
            /// One node's gradient, and the all-reduce's average model.
            let g: UnsafeMutablePointer<Double>, average: UnsafeMutablePointer<Double>

            /// x_i <- x_i - eta_t g_i(x_i) at every node; after every h-th step, x_i <- (1/n) sum_j x_j.
            mutating func round<T: OptimizationTask>(_ task: T, _ trial: inout TrialContext) {
                let d = trial.d
                let e = trial.eta.eta(trial.events)
                for i in 0..<n {
                    let xi = models.model(i)
                    task.gradient(node: i, at: xi, into: g, rng: &trial.rng)
                    for k in 0..<d { xi[k] -= e * g[k] }
                    trial.simulator.set(i, trial.simulator.times[i] + trial.simulator.computeTime(i))
                }
                if (trial.events + 1) % h == 0 && n > 1 {
                    Averaging.allReduce(models.x, n: n, d: d, scratch: average)
                    trial.simulator.allReduce()
                }
            }
        }
    }
}
