import PopBenchCore

/// AD-PSGD: asynchronous decentralized parallel SGD (Lian, Zhang, Zhang, Liu, ICML 2018).
///
/// Each interaction picks a node i uniformly at random and a neighbor j on a bipartite
/// exponential graph (j = i +- (2^k - 1), odd offsets, so even nodes meet odd ones); then
///
///     x_i = x_j = (x_i + x_j)/2,   x_i <- x_i - eta_t g_i(x_hat_i),
///
/// where x_hat_i is node i's model `tau` interactions ago (the gradient was computed while other
/// updates landed). Parallel time = interactions / n; one gradient per interaction. Wall clock:
/// the active node computes, then averages atomically with j (alpha + M/beta); the passive node
/// is not blocked (its communication thread serves the request), so stragglers delay only
/// themselves.
///
/// Default schedule eta_t = min(1/L, n/(mu (t + 1))), t = interactions: one gradient per
/// interaction, so n interactions make one gradient step per node, the same 1/(mu s) per node
/// step s as SGD. Default tau = 8: a gradient overlaps with a few other workers' updates.
public struct ADPSGD: DecentralizedAlgorithm {
    public init() {}

    public var descriptor: PluginDescriptor {
        PluginDescriptor(
            name: "adpsgd", family: .optimization,
            summary: "AD-PSGD: asynchronous pairwise averaging on a bipartite exponential graph, stale gradients",
            reference: "X. Lian, W. Zhang, C. Zhang, J. Liu, Asynchronous decentralized parallel stochastic gradient descent, ICML 2018",
            tasks: AlgorithmSupport.tasks,
            parameters: [.int("tau", default: 8, range: 0...1e6, help: "staleness: gradients are computed on the model of tau interactions ago")]
                + AlgorithmSupport.commonParameters,
            predictedBound: .inverse,
            notes: "Default step eta_t = min(lr-max/L, lr n/(mu (t + lr-offset))), t = interactions: one gradient "
                + "per interaction, the same 1/(mu s) per node step s as SGD. Default tau = 8.",
            minimumN: 2)
    }

    public func validate(_ setup: TrialSetup) throws {
        try validateCommon(setup)
        _ = try AlgorithmSupport.int(setup.config, "tau", in: 0...1_000_000)
    }

    /// The odd offsets 2^k - 1 < n (k >= 1) of the bipartite exponential graph.
    public static func offsets(n: Int) -> [Int] {
        var o: [Int] = [], p = 2
        while p - 1 < n { o.append(p - 1); p *= 2 }
        return o.isEmpty ? [1] : o
    }

    public func runTrial(_ setup: TrialSetup, rng: inout Xoshiro256, recorder: inout TrialRecorder) throws {
        let rule = Rule(n: setup.n, tau: try AlgorithmSupport.int(setup.config, "tau", in: 0...1_000_000))
        try AlgorithmSupport.run(rule, setup, plugin: self, rng: &rng, recorder: &recorder)
    }

    /// Random pairs on the bipartite exponential graph; one gradient at a stale model per interaction.
    struct Rule: AlgorithmRule {
        let n: Int
        let tau: Int
        var eventsPerUnit: Double { Double(n) }
        var eventsPerStep: Double { Double(n) }
        var gradsPerEvent: Double { 1 }

        func run<T: OptimizationTask>(_ task: T, _ trial: inout TrialContext, rng: inout Xoshiro256,
                                      recorder: inout TrialRecorder) throws {
            let d = trial.d
            let models = ModelBuffer(n: n, d: d, initial: task.initialModel)
            let g = scratch(d)
            // ring of the last tau interactions: (i, j) and their models before the interaction
            let cap = Swift.max(tau, 1)
            let histNodes = UnsafeMutablePointer<Int>.allocate(capacity: 2 * cap)
            let histModels = UnsafeMutablePointer<Double>.allocate(capacity: 2 * cap * d)
            defer { models.deallocate(); g.deallocate(); histNodes.deallocate(); histModels.deallocate() }
            var head = 0, count = 0
            let offs = ADPSGD.offsets(n: n)
            let nOffs = UInt64(offs.count)
            var clocks = NodeClocks(n: n)
            let link = trial.cost.pairwise
            var t = 0
            while let stop = trial.nextStop {
                while t < stop {
                    let i = Int(rng.bounded(UInt64(n)))
                    let o = offs[Int(rng.bounded(nOffs))]
                    let j = (rng.next() & 1 == 0 ? i + o : i - o % n + n) % n
                    let xi = models.model(i), xj = models.model(j)
                    // the stale model: node i's model before the oldest remembered interaction touching it
                    var stale = UnsafePointer(xi)
                    for m in 0..<count {
                        let slot = (head + m) % cap
                        if histNodes[2 * slot] == i { stale = UnsafePointer(histModels + 2 * slot * d); break }
                        if histNodes[2 * slot + 1] == i { stale = UnsafePointer(histModels + (2 * slot + 1) * d); break }
                    }
                    task.gradient(node: i, at: stale, into: g, rng: &rng)
                    if tau > 0 {
                        let slot = (head + count) % cap
                        histNodes[2 * slot] = i; histNodes[2 * slot + 1] = j
                        (histModels + 2 * slot * d).update(from: xi, count: d)
                        (histModels + (2 * slot + 1) * d).update(from: xj, count: d)
                        if count < tau { count += 1 } else { head = (head + 1) % cap }
                    }
                    let e = trial.eta.eta(t)
                    if i != j {
                        for k in 0..<d { let v = 0.5 * (xi[k] + xj[k]); xi[k] = v; xj[k] = v }
                    }
                    for k in 0..<d { xi[k] -= e * g[k] }
                    clocks.set(i, Swift.max(clocks.times[i] + trial.sampleCost(), clocks.times[j]) + link)
                    t += 1
                }
                trial.record(task, models: models, events: t, wall: clocks.wall, recorder: &recorder)
            }
            trial.finish(events: t, wall: clocks.wall, recorder: &recorder)
        }
    }
}
