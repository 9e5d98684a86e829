import PopBenchCore

/// AD-PSGD: asynchronous decentralized parallel SGD (Lian, Zhang, Zhang, Liu, ICML 2018).
///
/// The nodes are split into active (even indices) and passive (odd indices) ones, a bipartite
/// graph valid for every n >= 2: active node a (the (i/2)-th) gossips with the passive nodes
/// q = (i/2 + o) mod p, o in {0} + {2^k - 1 < p}, p = floor(n/2) passive nodes (exponential offsets).
/// Every node loops on its own: it reads its model x_hat_i when it starts computing, and after
/// its compute time applies x_i <- x_i - eta_t g_i(x_hat_i) to its current model. After each of
/// its gradient steps an active node also gossips, concurrently with its next computation (the
/// gossip thread of the reference code, facebookresearch/stochastic_gradient_push `ad_psgd.py`):
/// with a random passive neighbour j it atomically sets x_i = x_j = (x_i + x_j)/2 when the
/// exchange ends, alpha + M/beta after it started; at most one gossip is in flight, so an active
/// node's loop lasts max(c, alpha + M/beta). Passive nodes are never blocked. Staleness is not a
/// parameter: whatever averaging lands on x_i while it computes is what the gradient misses.
///
/// Parallel time = gradient steps / n; one gradient per event. Default schedule
/// eta_t = min(1/L, n/(mu (t + 1))), t = gradient steps: n of them make one step per node, the
/// same 1/(mu s) per node step s as SGD.
public struct ADPSGD: DecentralizedAlgorithm {
    public init() {}

    public var descriptor: PluginDescriptor {
        PluginDescriptor(
            name: "adpsgd", family: .optimization,
            summary: "AD-PSGD: asynchronous pairwise averaging on a bipartite exponential graph, stale gradients",
            reference: "X. Lian, W. Zhang, C. Zhang, J. Liu, Asynchronous decentralized parallel stochastic gradient descent, ICML 2018",
            tasks: AlgorithmSupport.tasks,
            parameters: AlgorithmSupport.commonParameters,
            predictedBound: .inverse,
            notes: "Default step eta_t = min(lr-max/L, lr n/(mu (t + lr-offset))), t = gradient steps: the same "
                + "1/(mu s) per node step s as SGD. Staleness comes from the simulated timing.",
            minimumN: 2)
    }

    /// The offsets {0} + {2^k - 1 < p} from an active node to its passive neighbours among p.
    public static func offsets(passive p: Int) -> [Int] {
        var o = [0], q = 2
        while q - 1 < p { o.append(q - 1); q *= 2 }
        return o
    }

    public func runTrial(_ setup: TrialSetup, rng: inout Xoshiro256, recorder: inout TrialRecorder) throws {
        try AlgorithmSupport.run(Rule(n: setup.n), setup, plugin: self, rng: &rng, recorder: &recorder)
    }

    /// Active and passive nodes on the discrete-event clock; gradients at the models read at compute start.
    struct Rule: AlgorithmRule {
        let n: Int
        var eventsPerUnit: Double { Double(n) }
        var eventsPerStep: Double { Double(n) }
        var gradsPerEvent: Double { 1 }

        func run<T: OptimizationTask>(_ task: T, _ trial: inout TrialContext, rng: inout Xoshiro256,
                                      recorder: inout TrialRecorder) throws {
            let d = trial.d
            let models = ModelBuffer(n: n, d: d, initial: task.initialModel)
            let read = ModelBuffer(n: n, d: d, initial: task.initialModel)   // x_hat_i: read at compute start
            let g = scratch(d)
            defer { models.deallocate(); read.deallocate(); g.deallocate() }
            let p = n / 2
            let offs = ADPSGD.offsets(passive: p)
            let nOffs = UInt64(offs.count)
            var sim = trial.wallClock(n: n)
            let link = trial.cost.pairwise, bytes = trial.cost.modelBytes
            var gossipEnd = [Double](repeating: 0, count: n)
            var readPending = [Bool](repeating: false, count: n)
            for i in 0..<n { sim.schedule(i, at: sim.computeTime(i)) }
            var t = 0
            while let stop = trial.nextStop {
                while t < stop, let ev = sim.next() {
                    let i = ev.node
                    if ev.partner >= 0 {   // an active node's gossip ends: atomic pairwise average
                        let xi = models.model(i), xj = models.model(ev.partner)
                        for k in 0..<d { let v = 0.5 * (xi[k] + xj[k]); xi[k] = v; xj[k] = v }
                        sim.send(2 * bytes)
                        if readPending[i] { read.model(i).update(from: xi, count: d); readPending[i] = false }
                        continue
                    }
                    let xi = models.model(i)
                    task.gradient(node: i, at: read.model(i), into: g, rng: &rng)
                    let e = trial.eta.eta(t)
                    for k in 0..<d { xi[k] -= e * g[k] }
                    t += 1
                    var start = ev.time
                    if i % 2 == 0 && p > 0 {
                        let q = (i / 2 + offs[Int(rng.bounded(nOffs))]) % p
                        let begin = Swift.max(ev.time, gossipEnd[i])
                        gossipEnd[i] = begin + link
                        sim.schedule(i, at: gossipEnd[i], partner: 2 * q + 1)
                        start = begin   // the next computation waits for the previous gossip to finish
                    }
                    if start > ev.time {
                        readPending[i] = true
                    } else {
                        read.model(i).update(from: xi, count: d)
                    }
                    sim.schedule(i, at: start + sim.computeTime(i))
                }
                trial.record(task, models: models, events: t, sim: sim, recorder: &recorder)
            }
            trial.finish(events: t, sim: sim, recorder: &recorder)
        }
    }
}
