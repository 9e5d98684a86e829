import PopBenchCore

/// SGP: Stochastic Gradient Push (Assran, Loizou, Ballas, Rabbat, ICML 2019).
///
/// Node i holds a push-sum numerator x_i and weight w_i (w_i = 1 at the start) and its de-biased
/// model z_i = x_i / w_i. Every round t each node takes a gradient step on the numerator,
/// x_i <- x_i - eta_t g_i(z_i), then keeps half of (x_i, w_i) and pushes the other half to one
/// out-peer, i + 2^(t mod m) (mod n) with 2^(m-1) < n <= 2^m: a directed, time-varying
/// exponential graph (one peer per round, rotating). Push-sum preserves sum_i x_i and
/// sum_i w_i = n (Kempe, Dobra, Gehrke 2003). Metrics use the de-biased models z_i.
/// Parallel time = rounds; n gradients per round. Wall clock: node i's round ends when it and its
/// in-peer have computed and the message arrived, t_i <- max(t_i + c_i, t_in + c_in) + alpha + M/beta.
///
/// Default schedule eta_t = min(1/L, 1/(mu (t + 1))), t = rounds: one gradient per node per round.
public struct SGP: DecentralizedAlgorithm {
    public init() {}

    public var descriptor: PluginDescriptor {
        PluginDescriptor(
            name: "sgp", family: .optimization,
            summary: "Stochastic Gradient Push: push-sum on a directed time-varying exponential graph",
            reference: "M. Assran, N. Loizou, N. Ballas, M. Rabbat, Stochastic gradient push for distributed deep learning, ICML 2019",
            tasks: AlgorithmSupport.tasks,
            parameters: AlgorithmSupport.commonParameters,
            predictedBound: .inverse,
            notes: "Default step eta_t = min(lr-max/L, lr/(mu (t + lr-offset))), t = rounds: one gradient per node "
                + "per round, as SGD per step.",
            minimumN: 2)
    }

    public func runTrial(_ setup: TrialSetup, rng: inout Xoshiro256, recorder: inout TrialRecorder) throws {
        try AlgorithmSupport.run(Rule(n: setup.n), setup, plugin: self, rng: &rng, recorder: &recorder)
    }

    /// Push-sum over a time-varying exponential graph; gradients at the de-biased models.
    struct Rule: AlgorithmRule {
        let n: Int
        var gradsPerEvent: Double { Double(n) }

        func run<T: OptimizationTask>(_ task: T, _ trial: inout TrialContext, rng: inout Xoshiro256,
                                      recorder: inout TrialRecorder) throws {
            let d = trial.d
            var x = ModelBuffer(n: n, d: d, initial: task.initialModel)
            var nx = ModelBuffer(n: n, d: d, initial: task.initialModel)
            let z = ModelBuffer(n: n, d: d, initial: task.initialModel)
            let g = scratch(d), z1 = scratch(d)
            var w = UnsafeMutablePointer<Double>.allocate(capacity: n)
            var nw = UnsafeMutablePointer<Double>.allocate(capacity: n)
            let peers = UnsafeMutablePointer<Int>.allocate(capacity: n)
            let ready = UnsafeMutablePointer<Double>.allocate(capacity: n)
            w.update(repeating: 1, count: n)
            defer {
                x.deallocate(); nx.deallocate(); z.deallocate(); g.deallocate(); z1.deallocate()
                w.deallocate(); nw.deallocate(); peers.deallocate(); ready.deallocate()
            }
            var hops = 0
            while (1 << hops) < n { hops += 1 }
            hops = Swift.max(hops, 1)
            var clocks = NodeClocks(n: n)
            let link = trial.cost.pairwise
            var t = 0
            while let stop = trial.nextStop {
                while t < stop {
                    let e = trial.eta.eta(t)
                    let hop = (1 << (t % hops)) % n
                    for i in 0..<n {
                        let xi = x.model(i), inv = 1 / w[i]
                        for k in 0..<d { z1[k] = xi[k] * inv }
                        task.gradient(node: i, at: z1, into: g, rng: &rng)
                        for k in 0..<d { xi[k] -= e * g[k] }
                        peers[i] = (i + hop) % n
                        ready[i] = clocks.times[i] + trial.sampleCost()
                    }
                    Averaging.pushSum(x.x, w, peers: peers, n: n, d: d, out: nx.x, outW: nw)
                    swap(&x, &nx); swap(&w, &nw)
                    for i in 0..<n {
                        clocks.set(i, Swift.max(ready[i], ready[(i - hop + n) % n]) + link)
                    }
                    t += 1
                }
                for i in 0..<n {
                    let xi = x.model(i), zi = z.model(i), inv = 1 / w[i]
                    for k in 0..<d { zi[k] = xi[k] * inv }
                }
                trial.record(task, models: z, events: t, wall: clocks.wall, recorder: &recorder)
            }
            var wsum = 0.0
            for i in 0..<n { wsum += w[i] }
            recorder.outcome("weight-sum", wsum)
            trial.finish(events: t, wall: clocks.wall, recorder: &recorder)
        }
    }
}
