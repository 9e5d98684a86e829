import PopBenchCore

/// SGP: Stochastic Gradient Push (Assran, Loizou, Ballas, Rabbat, ICML 2019).
///
/// Node i holds a push-sum numerator x_i and weight w_i (w_i = 1 at the start) and its de-biased
/// model z_i = x_i / w_i. Every round t each node takes a gradient step on the numerator,
/// x_i <- x_i - eta_t g_i(z_i), then keeps half of (x_i, w_i) and pushes the other half to one
/// out-peer, i + 2^(t mod m) (mod n) with 2^(m-1) < n <= 2^m: a directed, time-varying
/// exponential graph (one peer per round, rotating). Push-sum preserves sum_i x_i and
/// sum_i w_i = n (Kempe, Dobra, Gehrke 2003). Metrics use the de-biased models z_i.
/// Parallel time = rounds; n gradients per round. Wall clock (the reference code,
/// facebookresearch/stochastic_gradient_push): each push is non-blocking and arrives alpha + M/beta
/// after it is sent. Without `overlap` node i ends round k when it has computed and its in-peer's
/// round-k message has arrived, t_i <- max(t_i + c_i, t_in + c_in + alpha + M/beta). With
/// `overlap` (OSGP, Assran et al. Sec. 4) a node merges the message of the previous round instead
/// (one round of delay), so communication hides behind computation:
/// t_i <- max(t_i + c_i, arrival of the in-peer's round k-1 message). Bytes: M per node per round.
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
                               help: "OSGP: merge the previous round's message, overlapping communication with computation")]
                + AlgorithmSupport.commonParameters,
            predictedBound: .inverse,
            notes: "Default step eta_t = min(lr-max/L, lr/(mu (t + lr-offset))), t = rounds: one gradient per node "
                + "per round, as SGD per step. Default overlap off: the synchronous 1-peer SGP.",
            minimumN: 2,
            capabilities: Capabilities(mpi: .init(), overlap: true))
    }

    public func runTrial(_ setup: TrialSetup, rng: inout Xoshiro256, recorder: inout TrialRecorder) throws {
        try TrialDriver.run(Rule(n: setup.n, overlap: setup.config.bool("overlap")), setup, plugin: self,
                            rng: &rng, recorder: &recorder)
    }

    /// Push-sum over a time-varying exponential graph; gradients at the de-biased models.
    struct Rule: UpdateRule {
        let n: Int
        let overlap: Bool
        var gradsPerEvent: Double { Double(n) }

        func start<T: OptimizationTask>(_ task: T, _ trial: inout TrialContext) -> State {
            let d = trial.d
            let state = State(n: n, overlap: overlap, hops: Swift.max(CostModel.ceilLog2(n), 1),
                              link: trial.cost.pairwise, bytes: trial.cost.modelBytes,
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
            /// m with 2^(m-1) < n <= 2^m: the out-peer of round t is i + 2^(t mod m).
            let hops: Int
            /// alpha + M/beta, and M.
            let link: Double, bytes: Double
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
            /// When each node has computed this round; when its previous round's message left.
            let ready: UnsafeMutablePointer<Double>, sent: UnsafeMutablePointer<Double>
            /// Scratch for rotating the weights in flight.
            let ws: UnsafeMutablePointer<Double>
            /// The hop of the previous round.
            var prevHop = 0

            /// A gradient step on every numerator at its de-biased model, then the push of half of
            /// (x_i, w_i) to the out-peer (merged now, or the next round with overlap).
            mutating func round<T: OptimizationTask>(_ task: T, _ trial: inout TrialContext) {
                let d = trial.d, t = trial.events
                let e = trial.eta.eta(t)
                let hop = (1 << (t % hops)) % n
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
                    for i in 0..<n {
                        let arrival = t > 0 ? sent[(i - prevHop + n) % n] + link : 0
                        trial.simulator.set(i, Swift.max(ready[i], arrival))
                    }
                    for i in 0..<n { sent[i] = ready[i] }
                } else {
                    Averaging.pushSum(x.x, w, peers: peers, n: n, d: d, out: nx.x, outW: nw)
                    swap(&x, &nx); swap(&w, &nw)
                    for i in 0..<n { trial.simulator.set(i, Swift.max(ready[i], ready[(i - hop + n) % n] + link)) }
                }
                trial.simulator.send(Double(n) * bytes)
                prevHop = hop
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
