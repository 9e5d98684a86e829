import PopBenchCore

/// D-PSGD: decentralized parallel SGD by gossip (Lian, Zhang, Zhang, Hsieh, Zhang, Liu, "Can
/// decentralized algorithms outperform centralized algorithms?", NeurIPS 2017).
///
/// Every round each node computes g_i at its own model, then x_i <- sum_j W_ij x_j - eta_t g_i,
/// with Metropolis weights W on a ring, a 2-D torus or an exponential graph (`topology`). W is
/// doubly stochastic, so the average model follows SGD on the average of the n gradients.
/// Parallel time = rounds; n gradients per round. Wall clock: node i starts its next round when
/// it and its neighbors have computed and exchanged, t_i <- max_{j in N(i) + i}(t_j + c_j) +
/// alpha + deg_i M/beta (no global barrier).
///
/// Default schedule eta_t = min(1/L, 1/(mu (t + 1))), t = rounds: the same as PSGD, since the
/// average model takes the same step.
public struct DPSGD: Plugin {
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
            minimumN: 2)
    }

    public func validate(_ setup: TrialSetup) throws {
        try AlgorithmSupport.validate(setup, minimumN: 2, name: "dpsgd")
        _ = try Topology.kind(setup.config.string("topology"))
    }
    public func defaultBudget(_ setup: TrialSetup) -> Double { OptimizationTasks.defaultBudget(setup) }
    public func defaultTarget(_ setup: TrialSetup) -> Double? { OptimizationTasks.defaultTarget(setup) }

    public func runTrial(_ setup: TrialSetup, rng: inout Xoshiro256, recorder: inout TrialRecorder) throws {
        let topo = Topology(try Topology.kind(setup.config.string("topology")), n: setup.n)
        let body = Trial(n: setup.n, topology: topo, config: setup.config, budget: setup.budget ?? defaultBudget(setup),
                         schedule: try StepSchedule(setup.config), rng: rng, recorder: recorder)
        try AlgorithmSupport.run(body, setup, rng: &rng, recorder: &recorder)
    }

    struct Trial: AlgorithmTrial {
        let n: Int
        let topology: Topology
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
            var models = ModelBuffer(n: n, d: d, initial: task.initialModel)
            var next = ModelBuffer(n: n, d: d, initial: task.initialModel)
            let grads = UnsafeMutablePointer<Double>.allocate(capacity: n * d)
            let ready = UnsafeMutablePointer<Double>.allocate(capacity: n)
            defer { models.deallocate(); next.deallocate(); grads.deallocate(); ready.deallocate() }
            var clocks = NodeClocks(n: n)
            let total = AlgorithmSupport.events(budget: budget, perUnit: 1)
            var monitor = TrialMonitor(eventsPerUnit: 1, total: total)
            var t = 0
            while let stop = monitor.nextStop {
                while t < stop {
                    for i in 0..<n {
                        task.gradient(node: i, at: models.model(i), into: grads + i * d, rng: &rng)
                        ready[i] = clocks.times[i] + cost.sample(&costRng)
                    }
                    topology.mix(models.x, into: next.x, d: d)
                    let e = eta.eta(t)
                    for q in 0..<(n * d) { next.x[q] -= e * grads[q] }
                    swap(&models, &next)
                    for i in 0..<n {
                        var start = ready[i]
                        for k in topology.offsets[i]..<topology.offsets[i + 1] {
                            start = Swift.max(start, ready[topology.neighbors[k]])
                        }
                        clocks.set(i, start + cost.latency + Double(topology.degree(i)) * cost.modelBytes / cost.bandwidth)
                    }
                    t += 1
                }
                monitor.record(task, models: models, clocks: now(t, clocks), recorder: &recorder)
            }
            monitor.finish(clocks: now(t, clocks), recorder: &recorder)
        }

        func now(_ t: Int, _ clocks: NodeClocks) -> Clocks {
            Clocks(grads: Double(n) * Double(t), parallel: Double(t), wall: clocks.wall)
        }
    }
}
