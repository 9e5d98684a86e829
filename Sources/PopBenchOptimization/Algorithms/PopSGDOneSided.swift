import PopBenchCore

extension PopSGD {
    /// The reference MPI code's loop (ICLR-PopSGD/PopSGD, `worker.py`) on the deployment
    /// simulator: each node takes its H local step(s) (the sum of H compute times), reads a
    /// uniformly random partner's published model with a one-sided get (alpha + M/beta) and
    /// averages, x_i = (x_i + x_j)/2 - eta_t g_i for H = 1; its next loop starts at once and the
    /// partner never waits. Events are the nodes' loop ends in time order; a partner's published
    /// model is its model after its own last event.
    ///
    /// The local steps use 2 eta_t: the average keeps half of what the node moved, so each
    /// gradient moves it by eta_t g like every other rule's (1/(mu s) per node step s). With
    /// H = 1 that is the formula above; the MPI implementation does the same.
    struct OneSidedRule: UpdateRule {
        let n: Int, h: Int, bits: Int
        var eventsPerUnit: Double { Double(n) }
        /// H gradient steps per event: scale n/H.
        var eventsPerStep: Double { Double(n) / Double(h) }
        var gradsPerEvent: Double { Double(h) }

        /// Every node's first loop ends after its H compute times and one get.
        func start<T: OptimizationTask>(_ task: T, _ trial: inout TrialContext) -> State {
            let link = PopSGD.Wire(trial.cost, d: trial.d, bits: bits)
            for i in 0..<n {
                trial.simulator.schedule(i, at: PopSGD.localWork(i, h: h, &trial.simulator) + link.seconds)
            }
            return State(n: n, h: h, bits: bits, link: link, models: trial.buffers.models(n: n, of: task),
                         g: trial.buffers.vector(trial.d))
        }

        struct State: EventState {
            let n: Int, h: Int, bits: Int
            let link: PopSGD.Wire
            let models: ModelBuffer
            let g: UnsafeMutablePointer<Double>

            /// Node i's loop ends: its H local steps, the get of x_j, the (quantized) average.
            mutating func handle<T: OptimizationTask>(_ ev: SimEvent, _ task: T, _ trial: inout TrialContext) -> Bool {
                let d = trial.d
                let i = ev.node, j = PopSGD.partner(of: i, n: n, &trial.rng)
                let xi = models.model(i), xj = models.model(j)
                let e = trial.eta.eta(trial.events)
                if h == 1 && bits == 0 {
                    task.gradient(node: i, at: xi, into: g, rng: &trial.rng)
                    PopSGD.averageOneSided(xi, from: xj, g, eta: e, d: d)
                } else {
                    let local = 2 * e
                    for _ in 0..<h {
                        task.gradient(node: i, at: xi, into: g, rng: &trial.rng)
                        for k in 0..<d { xi[k] -= local * g[k] }
                    }
                    if bits > 0 {
                        for k in 0..<d { g[k] = xj[k] - xi[k] }
                        PopSGD.quantize(g, d: d, bits: bits, rng: &trial.rng)
                        for k in 0..<d { xi[k] += 0.5 * g[k] }
                    } else {
                        for k in 0..<d { xi[k] = 0.5 * (xi[k] + xj[k]) }
                    }
                }
                trial.simulator.send(link.bytes)   // the partner's model leaves its memory
                trial.simulator.schedule(i, at: ev.time + PopSGD.localWork(i, h: h, &trial.simulator) + link.seconds)
                return true
            }
        }
    }
}
