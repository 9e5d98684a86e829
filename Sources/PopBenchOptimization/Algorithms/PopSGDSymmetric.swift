import PopBenchCore

extension PopSGD {
    /// The analyzed rule on the deployment simulator: every node computes continuously; when
    /// node i finishes (an event with partner -1 whose stamp is current) it picks j and waits for
    /// j's next uncommitted gradient (a rendezvous): the exchange is a get of x_j then a put of
    /// the average back (two sequential transfers, as on MPI), each alpha + M/beta when the
    /// links are free (`DeploymentSimulator.transfer`), ending at m; both restart at m. Exchanges are events with a
    /// partner, applied in time order (the order of the updates is the order of the exchange
    /// times); a node's committed gradient cannot be claimed twice (stamps cancel its pending
    /// finish event).
    struct SymmetricRule: UpdateRule {
        let n: Int, h: Int, bits: Int
        var eventsPerUnit: Double { Double(n) }
        /// 2H gradient steps per interaction: scale n/(2H).
        var eventsPerStep: Double { Double(n) / Double(2 * h) }
        var gradsPerEvent: Double { 2 * Double(h) }

        /// Every node's first H local steps end at its own compute times.
        func start<T: OptimizationTask>(_ task: T, _ trial: inout TrialContext) -> State {
            let state = State(n: n, h: h, bits: bits, link: PopSGD.Wire(trial.cost, d: trial.d, bits: bits),
                              models: trial.buffers.models(n: n, of: task),
                              gi: trial.buffers.vector(trial.d), gj: trial.buffers.vector(trial.d),
                              freeAt: trial.buffers.vector(n), doneAt: trial.buffers.vector(n),
                              stamp: trial.buffers.indices(n))
            for i in 0..<n {
                state.doneAt[i] = PopSGD.localWork(i, h: h, &trial.simulator)
                trial.simulator.schedule(i, at: state.doneAt[i], stamp: 0)
            }
            return state
        }

        struct State: EventState {
            let n: Int, h: Int, bits: Int
            let link: PopSGD.Wire
            let models: ModelBuffer
            /// The two partners' gradients (or quantized differences).
            let gi: UnsafeMutablePointer<Double>, gj: UnsafeMutablePointer<Double>
            /// When each node's last exchange ended, and when its committed local steps end.
            let freeAt: UnsafeMutablePointer<Double>, doneAt: UnsafeMutablePointer<Double>
            /// Each node's current finish stamp: a finish event with an older one was claimed.
            let stamp: UnsafeMutablePointer<Int>

            /// A node's finish (it claims a partner; not counted) or an exchange (the interaction; counted).
            mutating func handle<T: OptimizationTask>(_ ev: SimEvent, _ task: T, _ trial: inout TrialContext) -> Bool {
                if ev.partner < 0 {
                    let i = ev.node
                    guard ev.stamp == stamp[i] else { return false }   // its gradient was claimed
                    let j = PopSGD.partner(of: i, n: n, &trial.rng)
                    // The exchange as the MPI rule does it: a get of x_j, then a put of the
                    // average back, two sequential transfers through both nodes' links.
                    let got = trial.simulator.transfer(from: j, to: i, bytes: link.bytes, ready: Swift.max(ev.time, doneAt[j]))
                    let m = trial.simulator.transfer(from: i, to: j, bytes: link.bytes, ready: got)
                    stamp[i] += 1; stamp[j] += 1
                    freeAt[i] = m; freeAt[j] = m
                    doneAt[i] = m + PopSGD.localWork(i, h: h, &trial.simulator)
                    doneAt[j] = m + PopSGD.localWork(j, h: h, &trial.simulator)
                    trial.simulator.schedule(i, at: m, partner: j)
                    return false
                }
                let i = ev.node, j = ev.partner
                interact(task, i, j, eta: trial.eta.eta(trial.events), d: trial.d, rng: &trial.rng)
                trial.simulator.send(2 * link.bytes)
                if freeAt[i] == ev.time { trial.simulator.schedule(i, at: doneAt[i], stamp: stamp[i]) }
                if freeAt[j] == ev.time { trial.simulator.schedule(j, at: doneAt[j], stamp: stamp[j]) }
                return true
            }

            /// The symmetric interaction of i and j: H local steps each, then an exact or quantized average.
            @inline(__always)
            func interact<T: OptimizationTask>(_ task: T, _ i: Int, _ j: Int, eta e: Double, d: Int,
                                               rng: inout Xoshiro256) {
                let xi = models.model(i), xj = models.model(j)
                if h == 1 && bits == 0 {
                    task.gradient(node: i, at: xi, into: gi, rng: &rng)
                    task.gradient(node: j, at: xj, into: gj, rng: &rng)
                    PopSGD.interact(xi, xj, gi, gj, eta: e, d: d)
                    return
                }
                for _ in 0..<h {
                    task.gradient(node: i, at: xi, into: gi, rng: &rng)
                    for k in 0..<d { xi[k] -= e * gi[k] }
                    task.gradient(node: j, at: xj, into: gj, rng: &rng)
                    for k in 0..<d { xj[k] -= e * gj[k] }
                }
                if bits > 0 {
                    for k in 0..<d { gi[k] = xj[k] - xi[k]; gj[k] = xi[k] - xj[k] }
                    PopSGD.quantize(gi, d: d, bits: bits, rng: &rng)
                    PopSGD.quantize(gj, d: d, bits: bits, rng: &rng)
                    for k in 0..<d { xi[k] += 0.5 * gi[k]; xj[k] += 0.5 * gj[k] }
                } else {
                    for k in 0..<d { let v = 0.5 * (xi[k] + xj[k]); xi[k] = v; xj[k] = v }
                }
            }
        }
    }
}
