import PopBenchCore

/// SGP: Stochastic Gradient Push (Assran, Loizou, Ballas, Rabbat, ICML 2019).
///
/// Node i holds a push-sum numerator x_i and weight w_i (w_i = 1 at the start) and its de-biased
/// model z_i = x_i / w_i. Every round t each node takes a gradient step on the numerator,
/// x_i <- x_i - eta_t g_i(z_i), then keeps half of (x_i, w_i) and pushes the other half to one
/// out-peer i + o_t (mod n): a directed, time-varying exponential graph (one peer per round,
/// rotating). `graph exponential` (default) is the reference code's graph
/// (facebookresearch/stochastic_gradient_push, `DynamicDirectedExponentialGraph`): the phone book
/// +1, -1, +2, -2, ..., +2^m, -2^m with m = floor(log2(n - 1)), duplicates (mod n) dropped, cycled
/// one entry per round; `graph forward` pushes only forward, o_t = 2^(t mod m') with
/// 2^(m'-1) < n <= 2^m' (popbench's earlier graph, kept as an option). Push-sum preserves
/// sum_i x_i and sum_i w_i = n (Kempe, Dobra, Gehrke 2003). Metrics use the de-biased models z_i.
/// Parallel time = rounds; n gradients per round. Wall clock (the reference code): each push is
/// non-blocking, one transfer from the sender's link to the receiver's
/// (`DeploymentSimulator.transfer`: alpha + M/beta when both are free; a node's pushes queue on
/// its link). Without `overlap` node i ends round k when it has computed and its in-peer's
/// round-k message has arrived. With `overlap` (OSGP, Assran et al. Sec. 4) a node merges the
/// message of the previous round instead (one round of delay), so communication hides behind
/// computation up to the link's rate: t_i <- max(t_i + c_i, arrival of the in-peer's round k-1
/// message). Bytes: M per node per round.
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
            parameters: [.flag("overlap", default: false,
                               help: "OSGP: merge the previous round's message, overlapping communication with computation"),
                         .choice("graph", Graph.allCases.map(\.rawValue), default: Graph.exponential.rawValue,
                                 help: "exponential: the reference code's peers +1, -1, +2, -2, ... (one per round); forward: +2^(t mod m) only (popbench's earlier graph)")]
                + AlgorithmSupport.commonParameters,
            predictedBound: .inverse,
            notes: "Default step eta_t = min(lr-max/L, lr/(mu (t + lr-offset))), t = rounds: one gradient per node "
                + "per round, as SGD per step. Default overlap off: the synchronous 1-peer SGP.",
            minimumN: 2,
            capabilities: Capabilities(mpi: .init(), overlap: true))
    }

    /// The out-peer graph of the rounds.
    public enum Graph: String, Sendable, CaseIterable {
        /// The reference code's phone book +1, -1, +2, -2, ..., cycled.
        case exponential
        /// +2^(t mod m) only.
        case forward

        public init(_ config: Configuration) throws {
            guard let g = Graph(rawValue: config.string("graph")) else {
                throw UsageError("--graph: unknown value '\(config.string("graph"))'; allowed: \(Graph.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            self = g
        }
    }

    /// The out-peer offsets of the rounds, cycled (round t pushes to i + offsets[t mod count], mod n).
    public static func offsets(n: Int, graph: Graph) -> [Int] {
        guard n > 1 else { return [0] }
        switch graph {
        case .forward:
            let m = Swift.max(CostModel.ceilLog2(n), 1)
            return (0..<m).map { (1 << $0) % n }
        case .exponential:
            var m = 0   // floor(log2(n - 1))
            while (2 << m) <= n - 1 { m += 1 }
            var book: [Int] = []
            for i in 0...m {
                let p = (1 << i) % n
                for o in [p, (n - p) % n] where !book.contains(o) { book.append(o) }
            }
            return book
        }
    }

    public func validate(_ setup: TrialSetup) throws {
        try validateCommon(setup)
        _ = try Graph(setup.config)
    }

    public func runTrial(_ setup: TrialSetup, rng: inout Xoshiro256, recorder: inout TrialRecorder) throws {
        let offsets = SGP.offsets(n: setup.n, graph: try Graph(setup.config))
        try TrialDriver.run(Rule(n: setup.n, overlap: setup.config.bool("overlap"), offsets: offsets), setup, plugin: self,
                            rng: &rng, recorder: &recorder)
    }

    /// Push-sum over a time-varying exponential graph; gradients at the de-biased models.
    struct Rule: UpdateRule {
        let n: Int
        let overlap: Bool
        let offsets: [Int]
        var gradsPerEvent: Double { Double(n) }

        func start<T: OptimizationTask>(_ task: T, _ trial: inout TrialContext) -> State {
            let d = trial.d
            let state = State(n: n, overlap: overlap, offsets: offsets, bytes: trial.cost.modelBytes,
                              x: trial.buffers.models(n: n, of: task), nx: trial.buffers.models(n: n, of: task),
                              models: trial.buffers.models(n: n, of: task),
                              g: trial.buffers.vector(d), z1: trial.buffers.vector(d),
                              w: trial.buffers.vector(n), nw: trial.buffers.vector(n), peers: trial.buffers.indices(n),
                              ready: trial.buffers.vector(n), sent: trial.buffers.vector(n), ws: trial.buffers.vector(n))
            state.w.update(repeating: 1, count: n)
            // overlap: nx holds the messages in flight (the inbox of the next round), initially empty
            if overlap { state.nx.x.update(repeating: 0, count: n * d) }
            return state
        }

        struct State: RoundState {
            let n: Int
            let overlap: Bool
            /// The out-peer of round t is i + offsets[t mod count].
            let offsets: [Int]
            /// M.
            let bytes: Double
            /// The push-sum numerators x_i, and the next round's (or, with overlap, the messages in flight).
            var x: ModelBuffer, nx: ModelBuffer
            /// The de-biased models z_i = x_i / w_i that the checkpoints score.
            let models: ModelBuffer
            /// z_i of the node computing, and its gradient.
            let g: UnsafeMutablePointer<Double>, z1: UnsafeMutablePointer<Double>
            /// The push-sum weights w_i, and the next round's (or the weights in flight).
            var w: UnsafeMutablePointer<Double>, nw: UnsafeMutablePointer<Double>
            /// Each node's out-peer this round.
            let peers: UnsafeMutablePointer<Int>
            /// When each node has computed this round; with overlap, when the message in flight to
            /// it (posted the previous round) arrives.
            let ready: UnsafeMutablePointer<Double>, sent: UnsafeMutablePointer<Double>
            /// Scratch for rotating the weights in flight.
            let ws: UnsafeMutablePointer<Double>
            /// The nodes in the order of their ready times (the order their pushes reach the links).
            var order: [Int] = []

            /// A gradient step on every numerator at its de-biased model, then the push of half of
            /// (x_i, w_i) to the out-peer (merged now, or the next round with overlap).
            mutating func round<T: OptimizationTask>(_ task: T, _ trial: inout TrialContext) {
                let d = trial.d, t = trial.events
                let e = trial.eta.eta(t)
                let hop = offsets[t % offsets.count]
                for i in 0..<n {
                    let xi = x.model(i), inv = 1 / w[i]
                    for k in 0..<d { z1[k] = xi[k] * inv }
                    task.gradient(node: i, at: z1, into: g, rng: &trial.rng)
                    for k in 0..<d { xi[k] -= e * g[k] }
                    peers[i] = (i + hop) % n
                    ready[i] = trial.simulator.times[i] + trial.simulator.computeTime(i)
                }
                if overlap {
                    // keep half, merge last round's message, post half for the next round
                    for i in 0..<n {
                        let xi = x.model(i), inbox = nx.model(i)
                        for k in 0..<d { let h = 0.5 * xi[k]; xi[k] = h + inbox[k]; inbox[k] = h }
                        let hw = 0.5 * w[i]; w[i] = hw + nw[i]; nw[i] = hw
                    }
                    // the posted halves travel to their peers: rotate the inbox by hop
                    Rule.rotate(nx.x, nw, by: hop, n: n, d: d, scratch: models.x, scratchW: ws)
                    for i in 0..<n { trial.simulator.set(i, Swift.max(ready[i], t > 0 ? sent[i] : 0)) }
                    push(&trial)   // sent[peer] = this round's arrival at the peer
                } else {
                    Averaging.pushSum(x.x, w, peers: peers, n: n, d: d, out: nx.x, outW: nw)
                    swap(&x, &nx); swap(&w, &nw)
                    push(&trial)
                    for i in 0..<n { trial.simulator.set(i, Swift.max(ready[i], sent[i])) }
                }
                trial.simulator.send(Double(n) * bytes)
            }

            /// Every node's push of this round through the links, in the order of the ready times:
            /// sent[peer_i] = its arrival.
            mutating func push(_ trial: inout TrialContext) {
                if order.count != n { order = Array(0..<n) }
                let r = ready
                order.sort { r[$0] < r[$1] || (r[$0] == r[$1] && $0 < $1) }
                for i in order {
                    if peers[i] == i { sent[i] = ready[i]; continue }
                    sent[peers[i]] = trial.simulator.transfer(from: i, to: peers[i], bytes: bytes, ready: ready[i])
                }
            }

            /// De-biases every node's model into `models`: z_i = x_i / w_i, counting with overlap
            /// the message in flight to node i.
            mutating func checkpointModels() -> ModelBuffer {
                let d = x.d
                for i in 0..<n {
                    let xi = x.model(i), zi = models.model(i)
                    if overlap {
                        let inbox = nx.model(i), inv = 1 / (w[i] + nw[i])
                        for k in 0..<d { zi[k] = (xi[k] + inbox[k]) * inv }
                    } else {
                        let inv = 1 / w[i]
                        for k in 0..<d { zi[k] = xi[k] * inv }
                    }
                }
                return models
            }

            /// `weight-sum`: sum_i w_i (with the weights in flight), n when push-sum preserved it.
            func recordOutcomes(_ recorder: inout TrialRecorder) {
                var wsum = 0.0
                for i in 0..<n { wsum += w[i] + (overlap ? nw[i] : 0) }
                recorder.outcome("weight-sum", wsum)
            }
        }

        /// Moves row i of (`x`, `w`) to row (i + hop) mod n, through `scratch` (n d reals) and `scratchW` (n).
        static func rotate(_ x: UnsafeMutablePointer<Double>, _ w: UnsafeMutablePointer<Double>, by hop: Int,
                           n: Int, d: Int, scratch: UnsafeMutablePointer<Double>, scratchW: UnsafeMutablePointer<Double>) {
            guard hop % n != 0 else { return }
            for i in 0..<n {
                let to = (i + hop) % n
                (scratch + to * d).update(from: x + i * d, count: d)
                scratchW[to] = w[i]
            }
            x.update(from: scratch, count: n * d)
            w.update(from: scratchW, count: n)
        }
    }
}
