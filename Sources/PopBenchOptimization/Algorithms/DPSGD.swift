import PopBenchCore

/// D-PSGD: decentralized parallel SGD by gossip (Lian, Zhang, Zhang, Hsieh, Zhang, Liu, "Can
/// decentralized algorithms outperform centralized algorithms?", NeurIPS 2017).
///
/// Every round each node computes g_i at its own model, then x_i <- sum_j W_ij x_j - eta_t g_i,
/// with Metropolis weights W on a ring, a 2-D torus or an exponential graph (`topology`). W is
/// doubly stochastic, so the average model follows SGD on the average of the n gradients.
/// Parallel time = rounds; n gradients per round. Wall clock: node i starts its next round when
/// it and its neighbors have computed and exchanged, t_i <- max_{j in N(i) + i}(t_j + c_j) +
/// alpha + deg_i M/beta: a synchronous neighbour exchange, each node waiting for its slowest
/// neighbour (no global barrier). Bytes: deg_i M per node per round.
///
/// Default schedule eta_t = min(1/L, 1/(mu (t + 1))), t = rounds: the same as PSGD, since the
/// average model takes the same step.
public struct DPSGD: DecentralizedAlgorithm {
    public init() {}

    public var descriptor: PluginDescriptor {
        PluginDescriptor(
            name: "dpsgd", family: .optimization,
            summary: "D-PSGD: gossip SGD x_i <- sum_j W_ij x_j - eta g_i with Metropolis weights",
            reference: "X. Lian et al., Can decentralized algorithms outperform centralized algorithms? NeurIPS 2017",
            tasks: AlgorithmSupport.tasks,
            parameters: [.choice("topology", Topology.Kind.allCases.map(\.rawValue), default: "ring",
                                 help: "communication graph: ring, 2-D torus or exponential (i ~ i +- 2^k)")]
                + AlgorithmSupport.commonParameters,
            predictedBound: .inverse,
            notes: "Default step eta_t = min(lr-max/L, lr/(mu (t + lr-offset))), t = rounds, as PSGD. "
                + "Default topology ring: the graph of Lian et al.'s experiments.",
            minimumN: 2,
            capabilities: Capabilities(mpi: .init()))
    }

    public func validate(_ setup: TrialSetup) throws {
        try validateCommon(setup)
        _ = try Topology.kind(setup.config.string("topology"))
    }

    public func runTrial(_ setup: TrialSetup, rng: inout Xoshiro256, recorder: inout TrialRecorder) throws {
        let topo = Topology(try Topology.kind(setup.config.string("topology")), n: setup.n)
        try TrialDriver.run(Rule(n: setup.n, topology: topo), setup, plugin: self, rng: &rng, recorder: &recorder)
    }

    /// n models gossiping with their topology neighbors every round.
    struct Rule: UpdateRule {
        let n: Int
        let topology: Topology
        var gradsPerEvent: Double { Double(n) }

        func start<T: OptimizationTask>(_ task: T, _ trial: inout TrialContext) -> State {
            State(n: n, topology: topology, models: trial.buffers.models(n: n, of: task),
                  next: trial.buffers.models(n: n, of: task), grads: trial.buffers.vector(n * trial.d),
                  ready: trial.buffers.vector(n))
        }

        struct State: RoundState {
            let n: Int
            let topology: Topology
            /// The models x_i, and the mixed models of the round being computed.
            var models: ModelBuffer, next: ModelBuffer
            /// Every node's gradient g_i (node-major, n d reals).
            let grads: UnsafeMutablePointer<Double>
            /// When each node has computed its gradient this round.
            let ready: UnsafeMutablePointer<Double>

            /// x_i <- sum_j W_ij x_j - eta_t g_i(x_i); node i's clock moves to the latest of its own and
            /// its neighbors' compute ends, plus alpha + deg_i M/beta.
            mutating func round<T: OptimizationTask>(_ task: T, _ trial: inout TrialContext) {
                let d = trial.d, cost = trial.cost
                for i in 0..<n {
                    task.gradient(node: i, at: models.model(i), into: grads + i * d, rng: &trial.rng)
                    ready[i] = trial.simulator.times[i] + trial.simulator.computeTime(i)
                }
                topology.mix(models.x, into: next.x, d: d)
                let e = trial.eta.eta(trial.events)
                for q in 0..<(n * d) { next.x[q] -= e * grads[q] }
                swap(&models, &next)
                for i in 0..<n {
                    var start = ready[i]
                    for k in topology.offsets[i]..<topology.offsets[i + 1] {
                        start = Swift.max(start, ready[topology.neighbors[k]])
                    }
                    let deg = Double(topology.degree(i))
                    trial.simulator.set(i, start + cost.latency + deg * cost.modelBytes / cost.bandwidth)
                    trial.simulator.send(deg * cost.modelBytes)
                }
            }
        }
    }
}
