import Foundation
import PopBenchCore

/// Buffers of the batch engine, allocated once per run (no allocation per step), over k states.
struct BatchWorkspace {
    let k: Int
    let n: Int
    /// The rules packed one UInt32 per ordered pair, (p2 << 16 | q2) at p k + q: a quarter of
    /// the table's two padded Int32 arrays, so that the random lookups of a multibatch stay in
    /// cache for protocols with hundreds of states.
    let rules: UnsafeMutableBufferPointer<UInt32>
    /// Counts per state; counts before the step; touched (known) agents per state; marks.
    let c, before, touched, mark: UnsafeMutableBufferPointer<Int>
    /// Present states `present[0..<m]` and their per-slot work arrays.
    let present, w, pa, pr, prest, row: UnsafeMutableBufferPointer<Int>
    /// States whose count may have changed in the step (`changed[0..<nt]`), and scratch.
    let changed, scratch: UnsafeMutableBufferPointer<Int>
    /// Per state, its non-null row sum R_p while null interactions are skipped (`NullSkipping`).
    let nullRow: UnsafeMutableBufferPointer<Int>
    /// Work arrays of the sparse matching (`matchSparse`), per row or column of a bulk resolution.
    let rowSlot, colSlot, colLeft, lastRow, maxCol, nonNullCol, live, dead, rowRules, colKey: UnsafeMutableBufferPointer<Int>
    /// Whether the matching's last stage is the sparse one (`matchSparse`): with at least 16
    /// states and an eighth of all ordered pairs null. Otherwise its scan and ordering cost more
    /// than the null cells save: avc at 10^7 (0.2% null), 3 trials to 30, 1.96-2.48 -> 2.10-2.47
    /// user s; am3 at 10^6 (3 states), 200 whole trials, 3.11-3.26 -> 3.31-3.33 s.
    let sparseMatching: Bool
    /// The sparse matching's rule masks, one bit per cell, `(k + 63) / 64` words per row, and
    /// one more row of them (`orderForSparseMatching`; allocated only with `sparseMatching`).
    let cellMasks: UnsafeMutablePointer<UInt64>
    /// The present states' order saved by `saveOrder` (`savedOrder[0..<savedM]`).
    private let savedOrder: UnsafeMutableBufferPointer<Int>
    private var savedM = 0
    var m = 0, nt = 0
    /// Whether `resolveFresh` records its pairs (single steps, for the exact replay); the
    /// matching then uses the cell-by-cell stage alone.
    var record = false
    /// Whether the bulk resolution records its pairs without changing how it draws them (a
    /// multibatch observed for its timeline, `MultibatchTimeline`).
    var recordBulk = false
    /// The cost of the last bulk resolution (`resolveFresh`) in collision units: the draws of its
    /// multivariate hypergeometric samples and cells visited, plus a sixteenth per agent paired
    /// one by one (`match`; the run loop sizes the next multibatch by it).
    var bulkDraws = 0
    /// The recorded pairs (`record`, `recordBulk`): ordered state pairs and counts; q = -1 marks
    /// null interactions of initiator state p whose responders were not told apart (`matchSparse`).
    var pairs: [(p: Int32, q: Int32, count: Int)] = []
    /// Multibatch lists: the known touched agents' states, and agents drawn ahead from W
    /// (slots of present states).
    var known = AgentList(capacity: 1024), drawn = AgentList(capacity: 1024)
    private let storage: UnsafeMutableBufferPointer<Int>

    init(_ table: CompiledProtocol, counts: [Int]) {
        k = table.stateCount; n = counts.reduce(0, +)
        storage = .allocate(capacity: 24 * k)
        storage.initialize(repeating: 0)
        let s = storage, k = k
        func slice(_ i: Int) -> UnsafeMutableBufferPointer<Int> { UnsafeMutableBufferPointer(rebasing: s[(i * k)..<((i + 1) * k)]) }
        c = slice(0); before = slice(1); touched = slice(2); mark = slice(3); present = slice(4); w = slice(5)
        pa = slice(6); pr = slice(7); prest = slice(8); row = slice(9); changed = slice(10); scratch = slice(11); nullRow = slice(12)
        savedOrder = slice(13)
        rowSlot = slice(14); colSlot = slice(15); colLeft = slice(16); lastRow = slice(17); maxCol = slice(18)
        nonNullCol = slice(19); live = slice(20); dead = slice(21); rowRules = slice(22); colKey = slice(23)
        sparseMatching = k >= 16 && 8 * (k * k - table.activeRules.count) >= k * k
        cellMasks = .allocate(capacity: sparseMatching ? (k + 1) * ((k + 63) >> 6) : 1)
        rules = .allocate(capacity: k * k)
        for p in 0..<k {
            for q in 0..<k {
                let i = p << table.shift | q
                rules[p * k + q] = UInt32(table.nextInitiator[i]) << 16 | UInt32(table.nextResponder[i])
            }
        }
        for st in 0..<k { c[st] = counts[st]; if counts[st] > 0 { present[m] = st; m += 1 } }
    }

    func free() { storage.deallocate(); rules.deallocate(); cellMasks.deallocate(); known.free(); drawn.free() }

    /// The states (p2, q2) that the rule of the ordered pair (p, q) produces.
    @inline(__always) func outcome(_ p: Int, _ q: Int) -> (Int, Int) {
        let r = rules[p * k + q]
        return (Int(r >> 16), Int(r & 0xFFFF))
    }

    /// Starts a step: `before` and the compact counts `w` of the present states.
    mutating func beginStep() {
        for j in 0..<m { let s = present[j]; w[j] = c[s]; before[s] = c[s] }
        nt = 0
    }

    /// Adds x agents of state s to the touched pool.
    @inline(__always) mutating func touch(_ s: Int, _ x: Int) {
        if mark[s] == 0 { mark[s] = 1; changed[nt] = s; nt += 1 }
        touched[s] += x
    }

    /// The state of the index-th touched agent (agents listed by state).
    @inline(__always) func pickTouched(_ index: Int) -> Int {
        var i = index
        for h in 0..<nt { let s = changed[h]; if i < touched[s] { return s }; i -= touched[s] }
        preconditionFailure("index beyond the touched agents")
    }

    /// The present-state slot of the index-th agent of `w`.
    @inline(__always) func pickSlot(_ index: Int) -> Int {
        var i = index
        for j in 0..<m { if i < w[j] { return j }; i -= w[j] }
        preconditionFailure("index beyond the untouched agents")
    }

    /// Bulk-resolves `f` interactions among agents drawn without replacement from `w` (total
    /// `wTotal`): initiator states, responder states (multivariate hypergeometric), then the
    /// uniform matching of the two (`match`).
    mutating func resolveFresh(_ f: Int, wTotal: Int, rng: inout Xoshiro256) {
        if f == 0 { bulkDraws = 0; return }
        ExactSamplers.multivariateHypergeometric(UnsafeBufferPointer(rebasing: w[0..<m]), total: wTotal, sample: f,
                                                into: UnsafeMutableBufferPointer(rebasing: pa[0..<m]), rng: &rng)
        for j in 0..<m { prest[j] = w[j] - pa[j] }
        ExactSamplers.multivariateHypergeometric(UnsafeBufferPointer(rebasing: prest[0..<m]), total: wTotal - f, sample: f,
                                                into: UnsafeMutableBufferPointer(rebasing: pr[0..<m]), rng: &rng)
        for j in 0..<m { w[j] -= pa[j] + pr[j] }
        match(f, rng: &rng)
    }

    /// Ends a step: counts = untouched (`w`) + touched; rebuilds the present list; `changed`
    /// lists every state whose count may differ (the tracker's input).
    mutating func endStep() {
        for j in 0..<m { let s = present[j]; c[s] = w[j]; if mark[s] == 0 { mark[s] = 1; changed[nt] = s; nt += 1 } }
        m = 0
        for h in 0..<nt {
            let s = changed[h]
            c[s] += touched[s]   // states not present at the start had c[s] == 0
            touched[s] = 0; mark[s] = 0
            if c[s] > 0 { present[m] = s; m += 1 }
        }
    }

    /// Sets the counts back to `counts` (touched pool and marks are clear between steps).
    mutating func restore(_ counts: [Int]) {
        m = 0
        for s in 0..<k { c[s] = counts[s]; if counts[s] > 0 { present[m] = s; m += 1 } }
    }

    /// Saves the order of the present states (which the draws of a step depend on).
    mutating func saveOrder() {
        for j in 0..<m { savedOrder[j] = present[j] }
        savedM = m
    }

    /// Sets the counts back to `counts`, with the present states in the order of the last
    /// `saveOrder` (taken on these counts): a step from here draws exactly as it did then.
    mutating func restoreInSavedOrder(_ counts: [Int]) {
        for s in 0..<k { c[s] = counts[s] }
        m = savedM
        for j in 0..<m { present[j] = self.savedOrder[j] }
    }

    /// Clears `before` for the next step.
    mutating func clearBefore() { for h in 0..<nt { before[changed[h]] = 0 } }

    /// One multibatch of exactly `length` interactions (see `BatchEngine`): fresh runs and
    /// collisions, the last run cut at the length. The length is fixed before the batch (not a
    /// stopping rule on its collisions), which the exact convergence replay relies on. Counts
    /// and `changed` are updated (`endStep` done).
    ///
    /// Every draw is O(1): the known touched agents are listed one per agent (`known`), and
    /// untouched agents of W (batch-start states of agents not individually known) are drawn
    /// from `drawn`, a uniform subset of W sampled in bulk (one multivariate hypergeometric
    /// draw over the m present states per refill, then shuffled). Taking the entries of a
    /// uniform subset of W in a uniformly random order gives a uniform sample without
    /// replacement of W in a uniform order, which is the law of successive draws from W;
    /// entries left at the end go back to W.
    mutating func multibatch(length limit: UInt64, rng: inout Xoshiro256) {
        var unobserved = UnobservedMultibatch()
        multibatch(length: limit, rng: &rng, observer: &unobserved)
    }

    /// `multibatch(length:rng:)`, telling `observer` where each interaction is in time.
    mutating func multibatch<Observer: MultibatchObserver>(length limit: UInt64, rng: inout Xoshiro256,
                                                           observer: inout Observer) {
        beginStep()
        var runs = FreshRunSampler(n: n)
        var u = n, f = 0, wTotal = n
        var done: UInt64 = 0
        known.removeAll(); drawn.removeAll()
        // Entries per refill: about the W draws of the whole batch (up to three per collision,
        // 2 l^2 / n collisions in l interactions), so that most batches refill once: a refill
        // costs m hypergeometric draws from W's whole count (the dear kind), entries left at the
        // end only their shuffle. Measured at 10^7, 3 trials to 30, min user s: with at most
        // 32 m + 256 entries (two refills a batch) cancel-split 1.27-1.31 / split-join
        // 3.26-3.42; uncapped 1.23-1.24 / 3.18-3.23; 2.5 instead of 4 draws per collision
        // 1.32-1.35 / 3.42-3.77 (beside a load).
        let expected = 4 * (2 * Double(limit) * Double(limit) / Double(n)) + 16
        let refill = Int(min(expected, Double(n)))
        /// Draws one agent of W (removed from it) and returns its state.
        func drawW(_ ws: inout BatchWorkspace, _ total: inout Int, _ rng: inout Xoshiro256) -> Int {
            if ws.drawn.count == 0 { ws.refillDrawn(min(refill, total), wTotal: total, rng: &rng) }
            total -= 1
            return ws.present[ws.drawn.removeLast()]
        }
        /// A uniformly chosen touched agent (removed from the touched pool): from an unresolved
        /// fresh interaction (resolved now) or from the known touched agents.
        @inline(__always) func drawTouched(_ ws: inout BatchWorkspace, _ f: inout Int, _ total: inout Int, _ rng: inout Xoshiro256,
                                           _ observer: inout Observer) -> Int {
            let index = Int(rng.bounded(UInt64(2 * f + ws.known.count)))
            if index < 2 * f {
                let p = drawW(&ws, &total, &rng), q = drawW(&ws, &total, &rng)
                f -= 1
                let (p2, q2) = ws.outcome(p, q)
                observer.resolvedFresh(index >> 1, p, q, p2, q2)
                ws.known.append(index & 1 == 0 ? q2 : p2)
                return index & 1 == 0 ? p2 : q2
            }
            return ws.known.removeRandom(rng: &rng)
        }
        while done < limit {
            let r = runs.sample(touched: n - u, cap: Int(limit - done), rng: &rng)
            if UInt64(r) >= limit - done {
                observer.freshRun(from: done, count: Int(limit - done))
                f += Int(limit - done); u -= 2 * Int(limit - done); done = limit; break
            }
            observer.freshRun(from: done, count: r)
            f += r; u -= 2 * r; done += UInt64(r) + 1
            // The collision: a uniform ordered pair among those with a touched agent, of which
            // there are tau(n-1) + u tau (tau = n - u touched): both touched, tau(tau-1) pairs;
            // touched initiator and untouched responder, tau u; the reverse, u tau. So one
            // `pick` uniform on [0, n-1+u) (the count over tau) decides: pick < tau-1 both
            // touched, else a touched and an untouched agent, the touched one the initiator when
            // pick-(tau-1) < u (one draw and no unpredictable branch; the two agents are drawn in
            // a fixed order, which does not change their law: draws from the pools are
            // exchangeable).
            let tau = n - u
            let pick = Int(rng.bounded(UInt64(n - 1 + u)))
            let first = drawTouched(&self, &f, &wTotal, &rng, &observer)
            let p: Int, q: Int
            if pick < tau - 1 {
                p = first; q = drawTouched(&self, &f, &wTotal, &rng, &observer)
            } else {
                let other = drawW(&self, &wTotal, &rng)
                let touchedFirst = pick - (tau - 1) < u
                u -= 1
                p = touchedFirst ? first : other; q = touchedFirst ? other : first
            }
            let (p2, q2) = outcome(p, q)
            observer.collision(at: done - 1, p, q, p2, q2)
            known.append(p2); known.append(q2)
        }
        for i in 0..<drawn.count { w[drawn[i]] += 1 }
        drawn.removeAll()
        for i in 0..<known.count { touch(known[i], 1) }
        known.removeAll()
        resolveFresh(f, wTotal: wTotal, rng: &rng)
        endStep()
    }

    /// Moves a uniform sample of `size` agents of W (total `wTotal`, of which `drawn` holds
    /// none) from `w` into `drawn`, as slots of present states, in a uniformly random order (so
    /// that `drawW` takes the last entry: one tight shuffle loop instead of a random index and
    /// a dependent load per draw in the collision path).
    private mutating func refillDrawn(_ size: Int, wTotal: Int, rng: inout Xoshiro256) {
        ExactSamplers.multivariateHypergeometric(UnsafeBufferPointer(rebasing: w[0..<m]), total: wTotal, sample: size,
                                                into: UnsafeMutableBufferPointer(rebasing: row[0..<m]), rng: &rng)
        for j in 0..<m where row[j] > 0 {
            w[j] -= row[j]
            drawn.append(j, times: row[j])
        }
        drawn.shuffle(rng: &rng)
    }
}
