import PopBenchCore

/// The batch engine: exact in distribution, on state counts, many interactions per step
/// (batching of Berenbrink, Hammer, Kaaser, Meyer, Penschuck, Tran, "Simulating population
/// protocols in sub-constant time per interaction", ESA 2020, and the multibatching of ppsim,
/// Doty and Severson, CMSB 2021).
///
/// Single step: (1) sample the length l of the collision-free run (the interactions before the
/// first that reuses an agent) from its exact law P(L >= l) = n!/((n-2l)! (n(n-1))^l); (2) the
/// l initiators and l responders are 2l distinct agents drawn without replacement, so their
/// states are multivariate hypergeometric, and so is the random matching of initiators to
/// responders, which gives the count N[p][q] of each ordered state pair; (3) apply all l rules
/// at once; (4) the (l+1)-th interaction uses at least one touched agent: initiator touched with
/// probability (n-1)/(n-1+u) (u untouched agents), else initiator untouched and responder
/// touched; its agents are drawn from the touched/untouched counts and its rule applied.
///
/// Multibatch (n >= `multibatchMinimum`): the same, but the batch goes on after the collision.
/// With u untouched agents the next run of fresh interactions (both agents untouched) has
/// P(R >= r) = u!/((u-2r)! (n(n-1))^r); fresh interactions stay unresolved (their agents are a
/// uniform sample of the batch-start states), collisions draw a touched agent uniformly —
/// from an unresolved fresh interaction, which is then resolved alone, or from the agents whose
/// state is known — and the remaining fresh interactions are resolved in bulk at the end with
/// the hypergeometric draws of steps (2)-(3) (the matching in stages, small rows and columns
/// agent by agent: `BatchMatching`). A multibatch has a length I fixed in advance,
/// I = sqrt(C n / 2) for about C = 8 + 0.7 m^2 collisions (m states present), balancing the O(1)
/// cost of a collision (`AgentList` draws, `FreshRunSampler` run lengths) against the O(m^2)
/// bulk draws.
///
/// Null skipping (`NullSkipping`): between batches, when few ordered agent pairs change a state
/// (P = W / (n(n-1)) times a batch's length costs less than the batch, `skipIsCheaper`), the
/// engine draws the Geometric(P) null interactions before the next non-null one and that
/// interaction's pair, exactly, and hands it to the tracker (convergence exact to one
/// interaction); it goes back to batching when P grows. em4 from a margin of one agent spends
/// almost all of its Theta(n log n) parallel time so, with O(n log n) non-null interactions.
///
/// Counts are Int, so n up to 2^62 works; all samplers are exact for 64-bit counts
/// (`ExactSamplers`). Work is over the states present and produced, not over all k states, and
/// buffers are allocated once per run (`BatchWorkspace`).
///
/// Exact convergence: the tracker sees each step's count changes (`batchUpdate`, work only when
/// a count crosses the classes 0 / 1 / >= 2). Stable outputs are absorbing. When a single step
/// ends converged, its l pairs are replayed in a uniformly random order (the order of a
/// collision-free run is uniform) from the configuration before it, stopping at the first
/// interaction after which the condition holds. When a multibatch ends converged, it is run
/// again from the same counts, present-state order and generator state, observed, and its
/// interactions are replayed in time order (`MultibatchTimeline`); beyond the timeline's
/// memory (`replayLimit`) the segment is re-simulated with single steps until
/// one converges within it (rejection sampling from the path conditioned on converging within
/// the batch's I interactions, fixed before the batch). A count predicate is checked at step
/// ends, which is exact only when it is absorbing; others are refused (`batchPredicateProblem`).
public enum BatchEngine {
    /// Populations from which multibatches are used (below, single steps are as fast).
    public static let multibatchMinimum = 1 << 12

    /// Multibatches up to this many interactions that end converged find their first converged
    /// interaction by the observed re-run (`MultibatchTimeline`, at most about 32 bytes per
    /// interaction: 128 MiB here); longer ones by rejection. Beyond it only at populations
    /// above about 10^11 with many states present, 10^12 with few.
    public static let replayLimit: UInt64 = 1 << 22

    /// Runs from `counts` until convergence or `maxInteractions`.
    /// `nullSkipping`: when to skip null interactions exactly (`NullSkipping`; `.auto` when it is
    /// cheaper than batching). `replayLimit`: see `BatchEngine.replayLimit` (tests lower it to
    /// check the rejection path).
    public static func run(_ table: CompiledProtocol, counts initial: [Int], maxInteractions: UInt64,
                           rng: inout Xoshiro256, multibatch: Bool = true,
                           nullSkipping: NullSkipPolicy = .auto, replayLimit: UInt64 = replayLimit) -> SimulationResult {
        let n = initial.reduce(0, +)
        precondition(n >= 2, "a population needs at least two agents")
        // A monotone count predicate `S == v` is detected as its absorbing relaxation; at the
        // first crossing the exact predicate decides (`BatchPredicateMode`).
        var relaxed: Convergence.Comparison? = nil
        switch table.batchPredicateMode {
        case .absorbing: break
        case .relaxed(let c): relaxed = c
        case .refused(let line): preconditionFailure(line)  // callers check `batchPredicateProblem` first
        }
        var tracker = ConvergenceTracker(table, counts: initial, comparison: relaxed)
        if tracker.converged(initial) {
            if ConvergenceTracker.exactPredicateHolds(table, initial) {
                return SimulationResult(interactions: 0, converged: true, counts: initial)
            }
            tracker.disable()   // already past the value of a monotone count: never holds
        }
        var ws = BatchWorkspace(table, counts: initial)
        defer { ws.free() }
        ws.pairs.reserveCapacity(64)
        var done: UInt64 = 0
        let useMulti = multibatch && n >= multibatchMinimum
        var saved = initial
        var skipped: UInt64 = 0
        var bulkDraws: Int? = nil   // the last multibatch's bulk draws (`BatchWorkspace.bulkDraws`)
        while done < maxInteractions {
            if nullSkipping == .always
                || (nullSkipping == .auto && ws.m <= maxSkipStates
                    && skipIsCheaper(pairs: ws.nonNullPairs(atMost: skipPairsLimit(n: n, m: ws.m, multibatch: useMulti)),
                                     n: n, m: ws.m, multibatch: useMulti, leaving: false)) {
                if var result = skipNulls(&ws, &tracker, done: &done, skipped: &skipped, maxInteractions: maxInteractions,
                                          table: table, policy: nullSkipping, multibatch: useMulti, rng: &rng) {
                    result.nullInteractionsSkipped = skipped
                    return result
                }
                continue
            }
            if useMulti {
                // About C collisions per multibatch (2 I^2 / n = C). A batch costs a C for its
                // O(1) collisions plus b D for the D draws of its bulk resolution (at most m^2
                // cells over the m present states, fewer when the counts are uneven), that is
                // (a C + b D) / sqrt(C) per interaction, least at a C = b D when D hardly depends
                // on the length. So C = 8 + D of the previous batch (0.7 m^2 before the first),
                // with b / a = 1 measured best at n = 10^7 after the ziggurat run lengths and the
                // logarithm-free HRUA: split-join 3.04 s per trial (3.9 s with C = 8 + 0.7 m^2,
                // 2.9 s with b / a = 0.5, 3.7 s with 2), cancel-split 1.29 s (1.43, 1.28), avc
                // 2.20 s (2.29, 2.29), doty21-majority 10.0 s (10.1, 10.7; its table build is
                // 5.2 s of it). The 8 keeps batches of few-state protocols from being too short.
                let collisions = 8 + Double(bulkDraws ?? (7 * ws.m * ws.m / 10))
                let length = UInt64(max(1, Int((collisions * Double(n) / 2).squareRoot())))
                let steps = min(length, maxInteractions - done)
                let savedTracker = tracker.checkpoint
                for s in 0..<ws.k { saved[s] = ws.c[s] }
                ws.saveOrder()
                let rngAtStart = rng
                ws.multibatch(length: steps, rng: &rng)
                bulkDraws = ws.bulkDraws
                let hit = tracker.batchUpdate(changed: UnsafeBufferPointer(rebasing: ws.changed[0..<ws.nt]), old: ws.before,
                                              counts: ws.c, scratch: ws.scratch)
                ws.clearBefore()
                if !hit { done += steps; continue }
                // Converged within these `steps` interactions: the first time it held.
                if steps <= replayLimit {
                    let at = firstConvergence(&ws, steps: steps, start: saved, rngAtStart: rngAtStart, table: table,
                                              relaxed: relaxed, rng: &rng)
                    if ConvergenceTracker.exactPredicateHolds(table, at.counts) {
                        var result = SimulationResult(interactions: done + at.interactions, converged: true, counts: at.counts)
                        result.nullInteractionsSkipped = skipped
                        return result
                    }
                    // A monotone count stepped past its value: it never holds; go on from the batch's end.
                    tracker.disable()
                    done += steps
                    continue
                }
                // Beyond the timeline's memory: sample the segment again, conditioned.
                resimulate: while true {
                    tracker.restore(savedTracker)
                    ws.restore(saved)
                    var d: UInt64 = 0
                    while d < steps {
                        let (len, at) = singleStep(&ws, &tracker, limit: steps - d, table: table, relaxed: relaxed, rng: &rng)
                        d += len
                        guard let at else { continue }
                        if ConvergenceTracker.exactPredicateHolds(table, at.counts) {
                            var result = SimulationResult(interactions: done + d - len + at.interactions, converged: true, counts: at.counts)
                            result.nullInteractionsSkipped = skipped
                            return result
                        }
                        // A monotone count stepped past its value: it never holds; go on from here.
                        tracker.disable()
                        done += d
                        break resimulate
                    }
                }
            } else {
                let (len, at) = singleStep(&ws, &tracker, limit: maxInteractions - done, table: table, relaxed: relaxed, rng: &rng)
                if let at {
                    if ConvergenceTracker.exactPredicateHolds(table, at.counts) {
                        var result = SimulationResult(interactions: done + at.interactions, converged: true, counts: at.counts)
                        result.nullInteractionsSkipped = skipped
                        return result
                    }
                    tracker.disable()   // stepped past the value of a monotone count
                }
                done += len
            }
        }
        var result = SimulationResult(interactions: done, converged: false, counts: Array(ws.c))
        result.nullInteractionsSkipped = skipped
        return result
    }

    /// The first interaction of a multibatch of `steps` that ended converged after which the
    /// condition holds (`MultibatchTimeline`): the batch is run again from `start` (counts and
    /// saved present order) with the generator at `rngAtStart`, observed, so that it makes the
    /// same path; its interactions are then replayed in time order. Leaves the workspace at
    /// the batch's end, as the first run did.
    static func firstConvergence(_ ws: inout BatchWorkspace, steps: UInt64, start: [Int], rngAtStart: Xoshiro256,
                                 table: CompiledProtocol, relaxed: Convergence.Comparison?,
                                 rng: inout Xoshiro256) -> (interactions: UInt64, counts: [Int]) {
        let end = Array(ws.c)
        ws.restoreInSavedOrder(start)
        rng = rngAtStart
        var timeline = MultibatchTimeline()
        ws.recordBulk = true
        ws.pairs.removeAll(keepingCapacity: true)
        ws.multibatch(length: steps, rng: &rng, observer: &timeline)
        ws.recordBulk = false
        ws.clearBefore()
        precondition(Array(ws.c) == end, "the observed run of a multibatch drew differently from the first")
        let (order, outcomes) = timeline.interactions(length: Int(steps), bulk: ws.pairs, rule: ws.outcome, rng: &rng)
        guard let at = MultibatchTimeline.firstConvergence(table, from: start, order: order, outcomes: outcomes,
                                                           relaxed: relaxed) else {
            preconditionFailure("a multibatch that ended converged never converged in its replay")
        }
        return at
    }

    /// Present states above which null skipping is not tried (its O(m^2) test per batch would
    /// cost more than it can save: with many states present, batches are long and few of
    /// their interactions are null).
    static let maxSkipStates = 64

    /// Whether skipping null interactions is cheaper than batching, with `pairs` = W non-null
    /// ordered agent pairs (nil: beyond Int) and m present states. A batch of `length`
    /// interactions costs about its C = 8 + 0.7 m^2 collisions (the run loop's balance); a
    /// non-null interaction skipped to costs about 1 + m/16 collisions (one logarithm, O(m)
    /// scans). Skip when the expected non-null interactions of a batch, P length with
    /// P = W / (n(n-1)), cost less than the batch; leave at twice that (hysteresis). Single steps
    /// (n below `multibatchMinimum`) run about sqrt(pi n / 8) interactions (the collision-free
    /// run's mean) and cost about as much as a multibatch over the same states.
    static func skipIsCheaper(pairs: Int?, n: Int, m: Int, multibatch: Bool, leaving: Bool) -> Bool {
        guard let pairs else { return false }
        let (collisions, length) = batchScale(n: n, m: m, multibatch: multibatch)
        let p = Double(pairs) / (Double(n) * Double(n - 1))
        return p * length * (1 + Double(m) / 16) <= collisions * (leaving ? 2 : 1)
    }

    /// A bound on W above which `skipIsCheaper` (entering) is false: the largest W it accepts,
    /// with a margin of 1% for rounding, at most Int.max.
    static func skipPairsLimit(n: Int, m: Int, multibatch: Bool) -> Int {
        let (collisions, length) = batchScale(n: n, m: m, multibatch: multibatch)
        let w = 1.01 * collisions * Double(n) * Double(n - 1) / (length * (1 + Double(m) / 16))
        return w < 0x1p62 ? Int(w) : .max
    }

    /// The batch `skipIsCheaper` weighs against: about C = 8 + 0.7 m^2 collisions over a length of
    /// sqrt(C n / 2) interactions (multibatch) or sqrt(pi n / 8) (single step).
    private static func batchScale(n: Int, m: Int, multibatch: Bool) -> (collisions: Double, length: Double) {
        let collisions = 8 + 0.7 * Double(m * m)
        let length = multibatch ? (collisions * Double(n) / 2).squareRoot() : (Double.pi * Double(n) / 8).squareRoot()
        return (collisions, length)
    }

    /// Skips null interactions exactly (`NullSkipping`) from the current counts until batching
    /// is cheaper again (policy `.auto`), the budget is spent, or the condition holds (then the
    /// result, at the exact interaction). `done` advances by every interaction, null or not;
    /// `skipped` by the null ones.
    static func skipNulls(_ ws: inout BatchWorkspace, _ tracker: inout ConvergenceTracker, done: inout UInt64,
                          skipped: inout UInt64, maxInteractions: UInt64, table: CompiledProtocol,
                          policy: NullSkipPolicy, multibatch: Bool, rng: inout Xoshiro256) -> SimulationResult? {
        ws.beginNullSkipping()
        let pairsTotal = Double(ws.n) * Double(ws.n - 1)
        while done < maxInteractions {
            let w = ws.nullSkipWeight()
            if w == 0 { skipped += maxInteractions - done; done = maxInteractions; break }   // silent: nothing changes again
            if policy == .auto && !skipIsCheaper(pairs: w, n: ws.n, m: ws.m, multibatch: multibatch, leaving: true) { break }
            let g = ExactSamplers.geometric(Double(w) / pairsTotal, rng: &rng)
            if g >= Double(maxInteractions - done) {   // the budget ends among the nulls
                skipped += maxInteractions - done; done = maxInteractions; break
            }
            done += UInt64(g) + 1; skipped += UInt64(g)
            let (p, q) = ws.drawNonNullPair(weight: w, rng: &rng)
            let (p2, q2) = ws.outcome(p, q)
            ws.nullSkipApply(p, q, p2, q2)
            if tracker.update(from: (p, q), to: (p2, q2), counts: ws.c) {
                let counts = Array(ws.c)
                if ConvergenceTracker.exactPredicateHolds(table, counts) {
                    return SimulationResult(interactions: done, converged: true, counts: counts)
                }
                tracker.disable()   // stepped past the value of a monotone count
            }
        }
        return nil
    }

    /// One collision-free run and its collision, at most `limit` interactions. Returns the
    /// interactions simulated and, when the condition (with the `relaxed` comparison, if any)
    /// holds after them, the exact prefix length and counts from the replay.
    static func singleStep(_ ws: inout BatchWorkspace, _ tracker: inout ConvergenceTracker, limit: UInt64,
                           table: CompiledProtocol, relaxed: Convergence.Comparison? = nil,
                           rng: inout Xoshiro256) -> (UInt64, (interactions: UInt64, counts: [Int])?) {
        let n = ws.n
        var l = ExactSamplers.collisionFreeLength(n: n, rng: &rng)
        var collide = true
        if UInt64(l) >= limit { l = Int(limit); collide = false }
        ws.beginStep()
        ws.record = true; ws.pairs.removeAll(keepingCapacity: true)
        ws.resolveFresh(l, wTotal: n, rng: &rng)
        ws.record = false
        var last: (Int, Int, Int, Int)? = nil
        if collide {
            // w holds the n - 2l untouched agents; the touched pool the 2l others.
            let t = 2 * l, u = n - t
            let p: Int, q: Int
            if rng.bounded(UInt64(n - 1 + u)) < UInt64(n - 1) {
                p = ws.pickTouched(Int(rng.bounded(UInt64(t))))
                let j = Int(rng.bounded(UInt64(n - 1)))
                if j < t - 1 { ws.touched[p] -= 1; q = ws.pickTouched(j); ws.touched[p] += 1 } else { q = ws.present[ws.pickSlot(j - (t - 1))] }
            } else {
                p = ws.present[ws.pickSlot(Int(rng.bounded(UInt64(u))))]
                q = ws.pickTouched(Int(rng.bounded(UInt64(t))))
            }
            let (p2, q2) = ws.outcome(p, q)
            last = (p, q, p2, q2)
            // Take p and q out of where they were, put p2 and q2 in the touched pool.
            ws.touch(p2, 1); ws.touch(q2, 1)
            ws.touch(p, 0); ws.touch(q, 0)
            ws.touched[p] -= 1; ws.touched[q] -= 1   // may go negative for an untouched agent:
            // endStep adds touched to the untouched count, so the sum is right either way.
        }
        ws.endStep()
        let hit = tracker.batchUpdate(changed: UnsafeBufferPointer(rebasing: ws.changed[0..<ws.nt]), old: ws.before,
                                      counts: ws.c, scratch: ws.scratch)
        defer { ws.clearBefore() }
        let length = UInt64(l) + (collide ? 1 : 0)
        if hit {
            let at = replay(table, from: Array(ws.before), pairs: ws.pairs, last: last, relaxed: relaxed, rng: &rng)
            return (length, at)
        }
        return (length, nil)
    }
    /// Replays one step interaction by interaction in a uniformly random order from `start`,
    /// returning the first prefix length after which the protocol has converged.
    static func replay(_ table: CompiledProtocol, from start: [Int], pairs: [(p: Int32, q: Int32, count: Int)],
                       last: (Int, Int, Int, Int)?, relaxed: Convergence.Comparison? = nil,
                       rng: inout Xoshiro256) -> (interactions: UInt64, counts: [Int]) {
        let shift = table.shift
        var order = [Int32]()
        for e in pairs { order.append(contentsOf: repeatElement(e.p << 16 | e.q, count: e.count)) }
        var c = start
        var tracker = ConvergenceTracker(table, counts: c, comparison: relaxed)
        var step = 0
        c.withUnsafeMutableBufferPointer { cb in
            while step < order.count {
                let j = step + Int(rng.bounded(UInt64(order.count - step)))
                order.swapAt(step, j)
                let pq = Int(order[step]); step += 1
                let p = pq >> 16, q = pq & 0xFFFF, idx = p << shift | q
                if tracker.apply(from: (p, q), to: (Int(table.nextInitiator[idx]), Int(table.nextResponder[idx])), counts: cb) { return }
            }
            if let (p, q, p2, q2) = last {
                step += 1
                _ = tracker.apply(from: (p, q), to: (p2, q2), counts: cb)
            }
        }
        // Stable outputs are absorbing, so the step converges within its interactions.
        return (UInt64(step), c)
    }
}
