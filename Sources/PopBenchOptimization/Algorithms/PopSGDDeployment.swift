import PopBenchCore

extension PopSGD {
    /// PopSGD as deployed, on the discrete-event wall clock: `oneSided` is the reference MPI
    /// code's loop (compute, one-sided get, average; partners never wait), otherwise the talk's
    /// symmetric rule with a rendezvous (both step, both average).
    struct Deployment: AlgorithmRule {
        let n: Int
        let h: Int
        let bits: Int
        let oneSided: Bool
        var eventsPerUnit: Double { Double(n) }
        /// One-sided: H gradient steps per event (scale n/H); symmetric: 2H (scale n/(2H)).
        var eventsPerStep: Double { oneSided ? Double(n) / Double(h) : Double(n) / Double(2 * h) }
        var gradsPerEvent: Double { oneSided ? Double(h) : 2 * Double(h) }

        func run<T: OptimizationTask>(_ task: T, _ trial: inout TrialContext, rng: inout Xoshiro256,
                                      recorder: inout TrialRecorder) throws {
            let d = trial.d, cost = trial.cost
            let models = ModelBuffer(n: n, d: d, initial: task.initialModel)
            let gi = scratch(d), gj = scratch(d)
            defer { models.deallocate(); gi.deallocate(); gj.deallocate() }
            var sim = trial.wallClock(n: n)
            let wire = bits > 0 ? Double(d * bits) / 8 + 8 : cost.modelBytes
            let link = cost.latency + wire / cost.bandwidth
            if oneSided {
                try runOneSided(task, &trial, &sim, models: models, gi: gi, link: link, wire: wire, rng: &rng, recorder: &recorder)
            } else {
                try runSymmetric(task, &trial, &sim, models: models, gi: gi, gj: gj, link: link, wire: wire,
                                 rng: &rng, recorder: &recorder)
            }
        }

        /// The compute time of node i's H local steps.
        func localWork(_ i: Int, _ sim: inout WallClock) -> Double {
            var c = 0.0
            for _ in 0..<h { c += sim.computeTime(i) }
            return c
        }

        /// A uniformly random partner j != i.
        @inline(__always)
        func partner(of i: Int, _ rng: inout Xoshiro256) -> Int {
            let j = Int(rng.bounded(UInt64(n - 1)))
            return j >= i ? j + 1 : j
        }

        /// Each node: H local steps (sum of H compute times), a get of a random partner's
        /// published model (alpha + M/beta), the average; its next loop starts at once. Events are
        /// the nodes' loop ends, in time order; a partner's published model is its model after its
        /// own last event.
        func runOneSided<T: OptimizationTask>(_ task: T, _ trial: inout TrialContext, _ sim: inout WallClock,
                                              models: ModelBuffer, gi: UnsafeMutablePointer<Double>,
                                              link: Double, wire: Double, rng: inout Xoshiro256,
                                              recorder: inout TrialRecorder) throws {
            let d = trial.d
            for i in 0..<n { sim.schedule(i, at: localWork(i, &sim) + link) }
            var t = 0
            while let stop = trial.nextStop {
                while t < stop, let ev = sim.next() {
                    let i = ev.node, j = partner(of: i, &rng)
                    let xi = models.model(i), xj = models.model(j)
                    let e = trial.eta.eta(t)
                    if h == 1 && bits == 0 {
                        task.gradient(node: i, at: xi, into: gi, rng: &rng)
                        for k in 0..<d { xi[k] = 0.5 * (xi[k] + xj[k]) - e * gi[k] }
                    } else {
                        for _ in 0..<h {
                            task.gradient(node: i, at: xi, into: gi, rng: &rng)
                            for k in 0..<d { xi[k] -= e * gi[k] }
                        }
                        if bits > 0 {
                            for k in 0..<d { gi[k] = xj[k] - xi[k] }
                            PopSGD.quantize(gi, d: d, bits: bits, rng: &rng)
                            for k in 0..<d { xi[k] += 0.5 * gi[k] }
                        } else {
                            for k in 0..<d { xi[k] = 0.5 * (xi[k] + xj[k]) }
                        }
                    }
                    sim.send(wire)   // the partner's model leaves its memory
                    sim.schedule(i, at: ev.time + localWork(i, &sim) + link)
                    t += 1
                }
                trial.record(task, models: models, events: t, sim: sim, recorder: &recorder)
            }
            trial.finish(events: t, sim: sim, recorder: &recorder)
        }

        /// Each node computes continuously. When node i finishes (an event with partner -1 whose
        /// stamp is current) it picks j and waits for j's next uncommitted gradient: the exchange
        /// happens at m = max(now, done_j) + alpha + M/beta, both restart at m. Exchanges are
        /// events with a partner, applied in time order; a node's committed gradient cannot be
        /// claimed twice (stamps cancel its pending finish event).
        func runSymmetric<T: OptimizationTask>(_ task: T, _ trial: inout TrialContext, _ sim: inout WallClock,
                                               models: ModelBuffer, gi: UnsafeMutablePointer<Double>,
                                               gj: UnsafeMutablePointer<Double>, link: Double, wire: Double,
                                               rng: inout Xoshiro256, recorder: inout TrialRecorder) throws {
            let d = trial.d
            var freeAt = [Double](repeating: 0, count: n)
            var doneAt = [Double](repeating: 0, count: n)
            var stamp = [Int](repeating: 0, count: n)
            for i in 0..<n {
                doneAt[i] = localWork(i, &sim)
                sim.schedule(i, at: doneAt[i], stamp: 0)
            }
            var t = 0
            while let stop = trial.nextStop {
                while t < stop, let ev = sim.next() {
                    if ev.partner < 0 {
                        let i = ev.node
                        guard ev.stamp == stamp[i] else { continue }   // its gradient was claimed
                        let j = partner(of: i, &rng)
                        let m = Swift.max(ev.time, doneAt[j]) + link
                        stamp[i] += 1; stamp[j] += 1
                        freeAt[i] = m; freeAt[j] = m
                        doneAt[i] = m + localWork(i, &sim); doneAt[j] = m + localWork(j, &sim)
                        sim.schedule(i, at: m, partner: j)
                        continue
                    }
                    let i = ev.node, j = ev.partner
                    interact(task, i, j, models: models, gi: gi, gj: gj, eta: trial.eta.eta(t), d: d, rng: &rng)
                    sim.send(2 * wire)
                    if freeAt[i] == ev.time { sim.schedule(i, at: doneAt[i], stamp: stamp[i]) }
                    if freeAt[j] == ev.time { sim.schedule(j, at: doneAt[j], stamp: stamp[j]) }
                    t += 1
                }
                trial.record(task, models: models, events: t, sim: sim, recorder: &recorder)
            }
            trial.finish(events: t, sim: sim, recorder: &recorder)
        }

        /// The symmetric interaction of i and j: H local steps each, then an exact or quantized average.
        @inline(__always)
        func interact<T: OptimizationTask>(_ task: T, _ i: Int, _ j: Int, models: ModelBuffer,
                                           gi: UnsafeMutablePointer<Double>, gj: UnsafeMutablePointer<Double>,
                                           eta e: Double, d: Int, rng: inout Xoshiro256) {
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
