import PopBenchCore

/// PSGD: synchronous data-parallel SGD (mini-batch SGD over n workers; e.g. Dekel, Gilad-Bachrach,
/// Shamir, Xiao, "Optimal distributed online prediction using mini-batches", JMLR 2012).
///
/// Every round all n nodes compute a stochastic gradient at the common model, the gradients are
/// averaged by an all-reduce, and all nodes apply x <- x - eta_t (1/n) sum_i g_i. All models stay
/// equal (Gamma = 0), so one copy is kept. Parallel time = rounds; n gradients per round. Wall
/// clock: a round lasts the slowest node's compute time (a barrier) plus an all-reduce of the
/// gradients, ring 2(n-1) alpha + 2((n-1)/n) M/beta or tree 2 log2(n) alpha + 2((n-1)/n) M/beta
/// (`allreduce`); throughput with constant compute c is n / (c + all-reduce).
///
/// Default schedule eta_t = min(1/L, 1/(mu (t + 1))), t = rounds: SGD's schedule on the averaged
/// gradient (its variance is n times smaller; the step is not scaled).
public struct PSGD: DecentralizedAlgorithm {
    public init() {}

    public var descriptor: PluginDescriptor {
        PluginDescriptor(
            name: "psgd", family: .optimization,
            summary: "synchronous data-parallel SGD: all-reduce of the n gradients every round",
            reference: "O. Dekel, R. Gilad-Bachrach, O. Shamir, L. Xiao, Optimal distributed online prediction using mini-batches, JMLR 2012",
            tasks: AlgorithmSupport.tasks,
            parameters: AlgorithmSupport.commonParameters,
            predictedBound: .inverse,
            notes: "Default step eta_t = min(lr-max/L, lr/(mu (t + lr-offset))), t = rounds: SGD's schedule "
                + "applied to the average of n gradients.",
            minimumN: 1,
            capabilities: Capabilities(mpi: .init()))
    }

    public func runTrial(_ setup: TrialSetup, rng: inout Xoshiro256, recorder: inout TrialRecorder) throws {
        try TrialDriver.run(Rule(n: setup.n), setup, plugin: self, rng: &rng, recorder: &recorder)
    }

    /// One shared model; n gradients averaged per round.
    struct Rule: UpdateRule {
        let n: Int
        var gradsPerEvent: Double { Double(n) }

        func start<T: OptimizationTask>(_ task: T, _ trial: inout TrialContext) -> State {
            State(n: n, models: trial.buffers.models(n: 1, of: task), g: trial.buffers.vector(trial.d),
                  sum: trial.buffers.vector(trial.d))
        }

        struct State: RoundState {
            let n: Int
            /// The common model (one copy: all nodes hold it).
            let models: ModelBuffer
            /// One node's gradient, and the sum over nodes.
            let g: UnsafeMutablePointer<Double>, sum: UnsafeMutablePointer<Double>

            /// x <- x - (eta_t / n) sum_i g_i(x); a barrier on the slowest node, then an all-reduce.
            mutating func round<T: OptimizationTask>(_ task: T, _ trial: inout TrialContext) {
                let x = models.x, d = trial.d
                sum.update(repeating: 0, count: d)
                for i in 0..<n {
                    task.gradient(node: i, at: x, into: g, rng: &trial.rng)
                    for k in 0..<d { sum[k] += g[k] }
                }
                let e = trial.eta.eta(trial.events) / Double(n)
                for k in 0..<d { x[k] -= e * sum[k] }
                trial.simulator.computeAll()
                trial.simulator.allReduce()
            }
        }
    }
}
