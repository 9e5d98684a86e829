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
public struct SGP: Plugin {
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

    public func validate(_ setup: TrialSetup) throws {
        try AlgorithmSupport.validate(setup, minimumN: 2, name: "sgp")
    }
    public func defaultBudget(_ setup: TrialSetup) -> Double { OptimizationTasks.defaultBudget(setup) }
    public func defaultTarget(_ setup: TrialSetup) -> Double? { OptimizationTasks.defaultTarget(setup) }

    public func runTrial(_ setup: TrialSetup, rng: inout Xoshiro256, recorder: inout TrialRecorder) throws {
        let body = Trial(n: setup.n, config: setup.config, budget: setup.budget ?? defaultBudget(setup),
                         schedule: try StepSchedule(setup.config), rng: rng, recorder: recorder)
        try AlgorithmSupport.run(body, setup, rng: &rng, recorder: &recorder)
    }

    struct Trial: AlgorithmTrial {
        let n: Int
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
            let link = cost.pairwise
            let total = AlgorithmSupport.events(budget: budget, perUnit: 1)
            var monitor = TrialMonitor(eventsPerUnit: 1, total: total)
            var t = 0
            while let stop = monitor.nextStop {
                while t < stop {
                    let e = eta.eta(t)
                    let hop = (1 << (t % hops)) % n
                    for i in 0..<n {
                        let xi = x.model(i), inv = 1 / w[i]
                        for k in 0..<d { z1[k] = xi[k] * inv }
                        task.gradient(node: i, at: z1, into: g, rng: &rng)
                        for k in 0..<d { xi[k] -= e * g[k] }
                        peers[i] = (i + hop) % n
                        ready[i] = clocks.times[i] + cost.sample(&costRng)
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
                monitor.record(task, models: z, clocks: now(t, clocks), recorder: &recorder)
            }
            var wsum = 0.0
            for i in 0..<n { wsum += w[i] }
            recorder.outcome("weight-sum", wsum)
            monitor.finish(clocks: now(t, clocks), recorder: &recorder)
        }

        func now(_ t: Int, _ clocks: NodeClocks) -> Clocks {
            Clocks(grads: Double(n) * Double(t), parallel: Double(t), wall: clocks.wall)
        }
    }
}
