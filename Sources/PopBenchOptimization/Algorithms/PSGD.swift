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
            minimumN: 1)
    }

    public func runTrial(_ setup: TrialSetup, rng: inout Xoshiro256, recorder: inout TrialRecorder) throws {
        try AlgorithmSupport.run(Rule(n: setup.n), setup, plugin: self, rng: &rng, recorder: &recorder)
    }

    /// One shared model; n gradients averaged per round.
    struct Rule: AlgorithmRule {
        let n: Int
        var gradsPerEvent: Double { Double(n) }

        func run<T: OptimizationTask>(_ task: T, _ trial: inout TrialContext, rng: inout Xoshiro256,
                                      recorder: inout TrialRecorder) throws {
            let d = trial.d
            let models = ModelBuffer(n: 1, d: d, initial: task.initialModel)
            let g = scratch(d), sum = scratch(d)
            defer { models.deallocate(); g.deallocate(); sum.deallocate() }
            let x = models.x
            var sim = trial.wallClock(n: n)
            var t = 0
            while let stop = trial.nextStop {
                while t < stop {
                    sum.update(repeating: 0, count: d)
                    for i in 0..<n {
                        task.gradient(node: i, at: x, into: g, rng: &rng)
                        for k in 0..<d { sum[k] += g[k] }
                    }
                    let e = trial.eta.eta(t) / Double(n)
                    for k in 0..<d { x[k] -= e * sum[k] }
                    sim.computeAll()
                    sim.allReduce()
                    t += 1
                }
                trial.record(task, models: models, events: t, sim: sim, recorder: &recorder)
            }
            trial.finish(events: t, sim: sim, recorder: &recorder)
        }
    }
}
