import PopBenchCore

/// The batch engine: exact in distribution, on state counts, many interactions per step
/// (multibatching of Berenbrink, Hammer, Kaaser, Meyer, Penschuck, Tran, "Simulating
/// population protocols in sub-constant time per interaction", ESA 2020; also used by ppsim).
///
/// One step: (1) sample the length l of the collision-free run (the interactions before the
/// first that reuses an agent) from its exact law P(L >= l) = n!/((n-2l)! (n(n-1))^l);
/// (2) the l initiators and l responders are 2l distinct agents drawn without replacement, so
/// their states are multivariate hypergeometric, and so is the random matching of initiators to
/// responders, which gives the count N[p][q] of each ordered state pair; (3) apply all l rules
/// at once; (4) the (l+1)-th interaction uses at least one touched agent: initiator touched with
/// probability (n-1)/(n-1+u) (u untouched agents), else initiator untouched and responder touched;
/// its agents are drawn from the touched/untouched counts and its rule applied. Counts are Int,
/// so n up to 2^62 works; all samplers are exact for 64-bit counts (`ExactSamplers`).
///
/// Work per step is over the states present (count > 0) and the states produced, not over all
/// k states, so protocols with hundreds of states but few present at a time (AVC, the
/// tournament of `le-fast`) cost what their support costs. Buffers are allocated once per run.
///
/// Exact convergence: the tracker sees each step's count changes (`batchUpdate`, work only when
/// a count crosses the classes 0 / 1 / >= 2). Stable outputs are absorbing, so when a step ends
/// converged the engine replays that step's l pairs in a uniformly random order (the order of a
/// collision-free run is uniform) from the configuration before it, and stops at the first
/// interaction after which the condition holds — the same interaction the agent engine would
/// report. (A count predicate is checked at step ends; the catalog's predicate, one leader
/// left, is monotone, so it is exact too.)
public enum BatchEngine {
    /// Runs from `counts` until convergence or `maxInteractions`.
    public static func run(_ table: CompiledProtocol, counts initial: [Int], maxInteractions: UInt64,
                           rng: inout Xoshiro256) -> SimulationResult {
        let k = table.stateCount, shift = table.shift
        let n = initial.reduce(0, +)
        precondition(n >= 2, "a population needs at least two agents")
        var tracker = ConvergenceTracker(table, counts: initial)
        if tracker.converged(initial) { return SimulationResult(interactions: 0, converged: true, counts: initial) }
        let ni = table.nextInitiator.map(Int.init), nr = table.nextResponder.map(Int.init)
        // Buffers: per state (k) and per present-state slot (k).
        let buf = UnsafeMutableBufferPointer<Int>.allocate(capacity: 12 * k)
        buf.initialize(repeating: 0)
        defer { buf.deallocate() }
        func slice(_ i: Int) -> UnsafeMutableBufferPointer<Int> { UnsafeMutableBufferPointer(rebasing: buf[(i * k)..<((i + 1) * k)]) }
        let c = slice(0), before = slice(1), touched = slice(2), mark = slice(3)
        let present = slice(4), pc = slice(5), pa = slice(6), pr = slice(7), prest = slice(8), row = slice(9)
        let changed = slice(10), scratch = slice(11)
        var m = 0   // present states: present[0..<m]
        for s in 0..<k { c[s] = initial[s]; if c[s] > 0 { present[m] = s; m += 1 } }
        var pairs: [(p: Int32, q: Int32, count: Int)] = []
        pairs.reserveCapacity(64)
        var done: UInt64 = 0
        while done < maxInteractions {
            var l = ExactSamplers.collisionFreeLength(n: n, rng: &rng)
            var collide = true
            if UInt64(l) >= maxInteractions - done { l = Int(maxInteractions - done); collide = false }
            // Counts of the present states, compacted.
            for j in 0..<m { let s = present[j]; pc[j] = c[s]; before[s] = c[s] }
            let cpc = UnsafeBufferPointer(rebasing: pc[0..<m])
            ExactSamplers.multivariateHypergeometric(cpc, total: n, sample: l, into: UnsafeMutableBufferPointer(rebasing: pa[0..<m]), rng: &rng)
            for j in 0..<m { prest[j] = pc[j] - pa[j] }
            ExactSamplers.multivariateHypergeometric(UnsafeBufferPointer(rebasing: prest[0..<m]), total: n - l, sample: l,
                                                    into: UnsafeMutableBufferPointer(rebasing: pr[0..<m]), rng: &rng)
            // Untouched agents stay in pc; pr becomes the responders not yet matched.
            var nt = 0   // touched states: changed[0..<nt] (marked in `mark`)
            @inline(__always) func touch(_ s: Int, _ x: Int) {
                if mark[s] == 0 { mark[s] = 1; changed[nt] = s; nt += 1 }
                touched[s] += x
            }
            for j in 0..<m { pc[j] -= pa[j] + pr[j] }
            var restTotal = l
            pairs.removeAll(keepingCapacity: true)
            for j in 0..<m where pa[j] > 0 {
                let cnt = pa[j]
                if restTotal == cnt {
                    for jj in 0..<m { row[jj] = pr[jj] }
                } else {
                    ExactSamplers.multivariateHypergeometric(UnsafeBufferPointer(rebasing: pr[0..<m]), total: restTotal, sample: cnt,
                                                            into: UnsafeMutableBufferPointer(rebasing: row[0..<m]), rng: &rng)
                }
                restTotal -= cnt
                let p = present[j]
                for jj in 0..<m where row[jj] > 0 {
                    let x = row[jj], q = present[jj]
                    pr[jj] -= x
                    let idx = p << shift | q
                    touch(ni[idx], x); touch(nr[idx], x)
                    pairs.append((Int32(p), Int32(q), x))
                }
            }
            // The colliding interaction, drawn from the touched (t) and untouched (u) agents.
            var last: (Int, Int, Int, Int)? = nil
            if collide {
                let t = 2 * l, u = n - t
                @inline(__always) func pickTouched(_ index: Int) -> Int {
                    var i = index
                    for h in 0..<nt { let s = changed[h]; if i < touched[s] { return s }; i -= touched[s] }
                    preconditionFailure("index beyond the touched agents")
                }
                @inline(__always) func pickUntouched(_ index: Int) -> Int {
                    var i = index
                    for j in 0..<m { if i < pc[j] { return present[j] }; i -= pc[j] }
                    preconditionFailure("index beyond the untouched agents")
                }
                let p: Int, q: Int
                if rng.bounded(UInt64(n - 1 + u)) < UInt64(n - 1) {
                    p = pickTouched(Int(rng.bounded(UInt64(t))))
                    let j = Int(rng.bounded(UInt64(n - 1)))
                    if j < t - 1 { touched[p] -= 1; q = pickTouched(j); touched[p] += 1 } else { q = pickUntouched(j - (t - 1)) }
                } else {
                    p = pickUntouched(Int(rng.bounded(UInt64(u))))
                    q = pickTouched(Int(rng.bounded(UInt64(t))))
                }
                let idx = p << shift | q
                last = (p, q, ni[idx], nr[idx])
            }
            // New counts: untouched + touched (+ the collision), over present ∪ produced states.
            for j in 0..<m { let s = present[j]; c[s] = pc[j]; if mark[s] == 0 { mark[s] = 1; changed[nt] = s; nt += 1 } }
            for h in 0..<nt { let s = changed[h]; c[s] += touched[s] }
            if let (p, q, p2, q2) = last {
                for s in [p, q, p2, q2] where mark[s] == 0 { mark[s] = 1; changed[nt] = s; nt += 1 }
                c[p] -= 1; c[q] -= 1; c[p2] += 1; c[q2] += 1
            }
            m = 0
            for h in 0..<nt {
                let s = changed[h]
                touched[s] = 0; mark[s] = 0
                if c[s] > 0 { present[m] = s; m += 1 }
            }
            let stepLength = UInt64(l) + (collide ? 1 : 0)
            if tracker.batchUpdate(changed: UnsafeBufferPointer(rebasing: changed[0..<nt]), old: before, counts: c,
                                   scratch: scratch) {
                // `before` is zero outside the present states, which all are in `changed`.
                let at = replay(table, from: Array(before), pairs: pairs, last: last, rng: &rng)
                return SimulationResult(interactions: done + at.interactions, converged: true, counts: at.counts)
            }
            for h in 0..<nt { before[changed[h]] = 0 }
            done += stepLength
        }
        return SimulationResult(interactions: done, converged: false, counts: Array(c))
    }

    /// Replays one step interaction by interaction in a uniformly random order from `start`,
    /// returning the first prefix length after which the protocol has converged.
    static func replay(_ table: CompiledProtocol, from start: [Int], pairs: [(p: Int32, q: Int32, count: Int)],
                       last: (Int, Int, Int, Int)?, rng: inout Xoshiro256) -> (interactions: UInt64, counts: [Int]) {
        let shift = table.shift
        var order = [Int32]()
        for e in pairs { order.append(contentsOf: repeatElement(e.p << 16 | e.q, count: e.count)) }
        var c = start
        var tracker = ConvergenceTracker(table, counts: c)
        var step = 0
        c.withUnsafeMutableBufferPointer { cb in
            func apply(_ p: Int, _ q: Int, _ p2: Int, _ q2: Int) -> Bool {
                if p == p2 && q == q2 { return false }
                cb[p] -= 1; cb[q] -= 1; cb[p2] += 1; cb[q2] += 1
                return tracker.update(from: (p, q), to: (p2, q2), counts: cb)
            }
            while step < order.count {
                let j = step + Int(rng.bounded(UInt64(order.count - step)))
                order.swapAt(step, j)
                let pq = Int(order[step]); step += 1
                let p = pq >> 16, q = pq & 0xFFFF, idx = p << shift | q
                if apply(p, q, Int(table.nextInitiator[idx]), Int(table.nextResponder[idx])) { return }
            }
            if let (p, q, p2, q2) = last {
                step += 1
                _ = apply(p, q, p2, q2)
            }
        }
        // Stable outputs are absorbing, so the step converges within its interactions.
        return (UInt64(step), c)
    }
}
