import PopBenchCore

extension PopSGD {
    /// The reference MPI code's loop (ICLR-PopSGD/PopSGD, `worker.py`) on the deployment
    /// simulator. Each node loops on its own:
    ///
    /// 1. it takes its H local step(s) on its model (the sum of H compute times);
    /// 2. it publishes the result: its published copy p_i (the window a partner reads) becomes its
    ///    model after the local steps;
    /// 3. it reads a uniformly random partner's published copy p_j with a one-sided get, a
    ///    transfer out of j's link into i's (`DeploymentSimulator.transfer`: alpha + M/beta, later
    ///    when either link is busy);
    /// 4. it averages privately, x_i = (x_i + p_j)/2; its published copy is NOT refreshed after
    ///    the average (the reference code publishes only after a local step), and its next loop
    ///    starts at once. The partner never waits.
    ///
    /// So a get reads what j published at the end of its last local step: j's model before its
    /// own last average, as old as j's current computation. Events are the compute ends (not
    /// counted) and the get arrivals (the interactions, counted), in time order.
    ///
    /// The local steps use 2 eta_t: the average keeps half of what the node moved, so each
    /// gradient moves it by eta_t g like every other rule's (1/(mu s) per node step s). With
    /// H = 1 the interaction is x_i = (x_i + p_j)/2 - eta_t g_i; the MPI implementation does the
    /// same.
    struct OneSidedRule: UpdateRule {
        let n: Int, h: Int, bits: Int
        var eventsPerUnit: Double { Double(n) }
        /// H gradient steps per event: scale n/H.
        var eventsPerStep: Double { Double(n) / Double(h) }
        var gradsPerEvent: Double { Double(h) }

        /// Every node's first local steps end at its own compute times; every published copy is
        /// the initial model.
        func start<T: OptimizationTask>(_ task: T, _ trial: inout TrialContext) -> State {
            let models = trial.buffers.models(n: n, of: task), published = trial.buffers.models(n: n, of: task)
            published.x.update(from: models.x, count: n * trial.d)
            for i in 0..<n {
                trial.simulator.schedule(i, at: PopSGD.localWork(i, h: h, &trial.simulator))
            }
            return State(n: n, h: h, bits: bits, link: PopSGD.Wire(trial.cost, d: trial.d, bits: bits),
                         models: models, published: published, g: trial.buffers.vector(trial.d))
        }

        struct State: EventState {
            let n: Int, h: Int, bits: Int
            let link: PopSGD.Wire
            /// Each node's own model x_i, and its published copy p_i (what a get reads).
            let models: ModelBuffer, published: ModelBuffer
            let g: UnsafeMutablePointer<Double>

            /// A compute end (partner -1; not counted): the local steps, the publication, the get
            /// requested. A get arrival (partner j; the interaction, counted): the average, and the
            /// next loop's computation.
            mutating func handle<T: OptimizationTask>(_ ev: SimEvent, _ task: T, _ trial: inout TrialContext) -> Bool {
                let d = trial.d, i = ev.node
                let xi = models.model(i)
                if ev.partner < 0 {
                    let local = 2 * trial.eta.eta(trial.events)
                    for _ in 0..<h {
                        task.gradient(node: i, at: xi, into: g, rng: &trial.rng)
                        for k in 0..<d { xi[k] -= local * g[k] }
                    }
                    published.model(i).update(from: xi, count: d)
                    let j = PopSGD.partner(of: i, n: n, &trial.rng)
                    let arrival = trial.simulator.transfer(from: j, to: i, bytes: link.bytes, ready: ev.time)
                    trial.simulator.schedule(i, at: arrival, partner: j)
                    return false
                }
                let pj = published.model(ev.partner)
                trial.simulator.send(link.bytes)   // the partner's published model reached node i
                if bits > 0 {
                    for k in 0..<d { g[k] = pj[k] - xi[k] }
                    PopSGD.quantize(g, d: d, bits: bits, rng: &trial.rng)
                    for k in 0..<d { xi[k] += 0.5 * g[k] }
                } else {
                    for k in 0..<d { xi[k] = 0.5 * (xi[k] + pj[k]) }
                }
                trial.simulator.schedule(i, at: ev.time + PopSGD.localWork(i, h: h, &trial.simulator))
                return true
            }
        }
    }
}
