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
/// with a random passive neighbour j it does two sequential blocking transfers, x_i to j and then
/// j's reply x_j to i (the passive side sends after its receive), each through both nodes' links
/// (`DeploymentSimulator.transfer`: alpha + M/beta when free, later when a link is busy), and
/// atomically sets x_i = x_j = (x_i + x_j)/2 when the reply arrives. At most one gossip is in
/// flight per active node, so its loop lasts at least 2(alpha + M/beta); a node's next computation
/// waits for the exchange in flight at it (a passive node's training thread waits on the gossip
/// flag). Staleness is not a parameter: whatever averaging lands on x_i while it computes is
/// what the gradient misses.
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
            minimumN: 2,
            capabilities: Capabilities(noMPIReason: "its reference code pairs an active and a passive group with stale gradients from a background thread; "
                + "a faithful MPI version needs MPI_THREAD_MULTIPLE progress threads and is not implemented"))
    }

    /// The offsets {0} + {2^k - 1 < p} from an active node to its passive neighbours among p.
    public static func offsets(passive p: Int) -> [Int] {
        var o = [0], q = 2
        while q - 1 < p { o.append(q - 1); q *= 2 }
        return o
    }

    public func runTrial(_ setup: TrialSetup, rng: inout Xoshiro256, recorder: inout TrialRecorder) throws {
        try TrialDriver.run(Rule(n: setup.n), setup, plugin: self, rng: &rng, recorder: &recorder)
    }

    /// Active and passive nodes on the discrete-event clock; gradients at the models read at compute start.
    struct Rule: UpdateRule {
        let n: Int
        var eventsPerUnit: Double { Double(n) }
        var eventsPerStep: Double { Double(n) }
        var gradsPerEvent: Double { 1 }

        /// Every node starts computing at time 0.
        func start<T: OptimizationTask>(_ task: T, _ trial: inout TrialContext) -> State {
            let p = n / 2
            let state = State(n: n, passive: p, offsets: ADPSGD.offsets(passive: p),
                              models: trial.buffers.models(n: n, of: task), read: trial.buffers.models(n: n, of: task),
                              g: trial.buffers.vector(trial.d), busyFrom: trial.buffers.vector(n), busyUntil: trial.buffers.vector(n),
                              bytes: trial.cost.modelBytes, serialization: trial.cost.modelBytes / trial.cost.bandwidth + trial.cost.latency)
            for i in 0..<n { trial.simulator.schedule(i, at: trial.simulator.computeTime(i)) }
            return state
        }

        struct State: EventState {
            let n: Int
            /// p = floor(n/2) passive nodes, and an active node's offsets to them.
            let passive: Int, offsets: [Int]
            /// The models x_i, and x_hat_i: node i's model as read when its computation started.
            let models: ModelBuffer, read: ModelBuffer
            let g: UnsafeMutablePointer<Double>
            /// The interval during which node i's gossip is busy with exchanges requested so far
            /// (back-to-back exchanges merge into one interval).
            let busyFrom: UnsafeMutablePointer<Double>, busyUntil: UnsafeMutablePointer<Double>
            /// M, and alpha + M/beta (one transfer on free links).
            let bytes: Double, serialization: Double

            /// A gradient step of node i (counted, partner -1), the end of an active node's gossip
            /// (partner j >= 0), or the start of a computation that waited for a gossip (partner
            /// -2: it reads its model now).
            mutating func handle<T: OptimizationTask>(_ ev: SimEvent, _ task: T, _ trial: inout TrialContext) -> Bool {
                let i = ev.node, d = trial.d
                if ev.partner >= 0 {   // an active node's gossip ends: atomic pairwise average
                    let xi = models.model(i), xj = models.model(ev.partner)
                    for k in 0..<d { let v = 0.5 * (xi[k] + xj[k]); xi[k] = v; xj[k] = v }
                    trial.simulator.send(2 * bytes)
                    return false
                }
                if ev.partner == -2 {   // a computation that waited starts: it reads its model now
                    read.model(i).update(from: models.model(i), count: d)
                    return false
                }
                let xi = models.model(i)
                task.gradient(node: i, at: read.model(i), into: g, rng: &trial.rng)
                let e = trial.eta.eta(trial.events)
                for k in 0..<d { xi[k] -= e * g[k] }
                // The next computation waits for the exchange in progress at this node: an active
                // node for its previous gossip (one in flight at a time), a passive node while its
                // gossip thread serves an exchange (its training thread waits on the gossip flag).
                let inProgress = busyFrom[i] <= ev.time && ev.time < busyUntil[i]
                let start = inProgress || i % 2 == 0 ? Swift.max(ev.time, busyUntil[i]) : ev.time
                if i % 2 == 0 && passive > 0 {
                    let q = (i / 2 + offsets[Int(trial.rng.bounded(UInt64(offsets.count)))]) % passive
                    let j = 2 * q + 1
                    // two sequential blocking transfers: x_i to j, then j's reply x_j to i
                    let sent = trial.simulator.transfer(from: i, to: j, bytes: bytes, ready: start)
                    let back = trial.simulator.transfer(from: j, to: i, bytes: bytes, ready: sent)
                    let begin = sent - serialization
                    for node in [i, j] {
                        if begin > busyUntil[node] { busyFrom[node] = begin }
                        busyUntil[node] = Swift.max(busyUntil[node], back)
                    }
                    trial.simulator.schedule(i, at: back, partner: j)
                }
                if start > ev.time {
                    trial.simulator.schedule(i, at: start, partner: -2)
                } else {
                    read.model(i).update(from: xi, count: d)
                }
                trial.simulator.schedule(i, at: start + trial.simulator.computeTime(i))
                return true
            }
        }
    }
}
