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
/// Exact convergence: stable outputs are absorbing, so when a step ends converged the engine
/// replays that step's l pairs in a uniformly random order (the order of a collision-free run is
/// uniform) from the configuration before it, and stops at the first interaction after which the
/// condition holds — the same interaction the agent engine would report.
public enum BatchEngine {
    /// Runs from `counts` until convergence or `maxInteractions`.
    public static func run(_ table: CompiledProtocol, counts initial: [Int], maxInteractions: UInt64,
                           rng: inout Xoshiro256) -> SimulationResult {
        let k = table.stateCount, shift = table.shift
        let n = initial.reduce(0, +)
        precondition(n >= 2, "a population needs at least two agents")
        var c = initial
        var tracker = ConvergenceTracker(table, counts: c)
        if tracker.converged(c) { return SimulationResult(interactions: 0, converged: true, counts: c) }
        let ni = table.nextInitiator.map(Int.init), nr = table.nextResponder.map(Int.init)
        var before = c, a = c, r = c, rest = c, row = c, touched = c, untouched = c
        var pairs = [Int](repeating: 0, count: k * k)
        var done: UInt64 = 0
        while done < maxInteractions {
            var l = ExactSamplers.collisionFreeLength(n: n, rng: &rng)
            var collide = true
            if UInt64(l) >= maxInteractions - done { l = Int(maxInteractions - done); collide = false }
            before = c
            // Initiator and responder states of the 2l distinct agents.
            c.withUnsafeBufferPointer { cb in a.withUnsafeMutableBufferPointer { ExactSamplers.multivariateHypergeometric(cb, total: n, sample: l, into: $0, rng: &rng) } }
            for s in 0..<k { rest[s] = c[s] - a[s] }
            rest.withUnsafeBufferPointer { rb in r.withUnsafeMutableBufferPointer { ExactSamplers.multivariateHypergeometric(rb, total: n - l, sample: l, into: $0, rng: &rng) } }
            // Match initiators of each state to responders, then apply the rules.
            for s in 0..<k { untouched[s] = c[s] - a[s] - r[s]; touched[s] = 0; rest[s] = r[s] }
            var restTotal = l
            for p in 0..<k where a[p] > 0 {
                rest.withUnsafeBufferPointer { rb in row.withUnsafeMutableBufferPointer { ExactSamplers.multivariateHypergeometric(rb, total: restTotal, sample: a[p], into: $0, rng: &rng) } }
                restTotal -= a[p]
                for q in 0..<k {
                    let m = row[q]
                    pairs[p * k + q] = m
                    if m == 0 { continue }
                    rest[q] -= m
                    let idx = p << shift | q
                    touched[ni[idx]] += m; touched[nr[idx]] += m
                }
            }
            for p in 0..<k where a[p] == 0 { for q in 0..<k { pairs[p * k + q] = 0 } }
            // The colliding interaction.
            var last: (Int, Int, Int, Int)? = nil
            if collide {
                let t = 2 * l, u = n - t
                let p: Int, q: Int
                if rng.bounded(UInt64(n - 1 + u)) < UInt64(n - 1) {
                    p = pick(touched, Int(rng.bounded(UInt64(t))))
                    let j = Int(rng.bounded(UInt64(n - 1)))
                    if j < t - 1 { touched[p] -= 1; q = pick(touched, j); touched[p] += 1 } else { q = pick(untouched, j - (t - 1)) }
                } else {
                    p = pick(untouched, Int(rng.bounded(UInt64(u))))
                    q = pick(touched, Int(rng.bounded(UInt64(t))))
                }
                let idx = p << shift | q
                last = (p, q, ni[idx], nr[idx])
            }
            for s in 0..<k { c[s] = untouched[s] + touched[s] }
            if let (p, q, p2, q2) = last { c[p] -= 1; c[q] -= 1; c[p2] += 1; c[q2] += 1 }
            let stepLength = UInt64(l) + (collide ? 1 : 0)
            tracker.reset(c)
            if tracker.converged(c) {
                let at = replay(table, from: before, pairs: pairs, length: l, last: last, rng: &rng)
                return SimulationResult(interactions: done + at.interactions, converged: true, counts: at.counts)
            }
            done += stepLength
        }
        return SimulationResult(interactions: done, converged: false, counts: c)
    }

    /// The state of the `index`-th agent (0-based) when agents are listed by state.
    @inline(__always)
    static func pick(_ counts: [Int], _ index: Int) -> Int {
        var i = index
        for (s, m) in counts.enumerated() {
            if i < m { return s }
            i -= m
        }
        preconditionFailure("index beyond the population")
    }

    /// Replays one step interaction by interaction in a uniformly random order from `start`,
    /// returning the first prefix length after which the protocol has converged.
    static func replay(_ table: CompiledProtocol, from start: [Int], pairs: [Int], length l: Int,
                       last: (Int, Int, Int, Int)?, rng: inout Xoshiro256) -> (interactions: UInt64, counts: [Int]) {
        let k = table.stateCount, shift = table.shift
        var order = [Int32](); order.reserveCapacity(l)
        for (pq, m) in pairs.enumerated() where m > 0 { order.append(contentsOf: repeatElement(Int32(pq), count: m)) }
        var c = start
        var tracker = ConvergenceTracker(table, counts: c)
        var step = 0
        let hit: Bool = c.withUnsafeMutableBufferPointer { cb in
            func apply(_ p: Int, _ q: Int, _ p2: Int, _ q2: Int) -> Bool {
                if p == p2 && q == q2 { return false }
                cb[p] -= 1; cb[q] -= 1; cb[p2] += 1; cb[q2] += 1
                return tracker.update(from: (p, q), to: (p2, q2), counts: cb)
            }
            while step < order.count {
                let j = step + Int(rng.bounded(UInt64(order.count - step)))
                order.swapAt(step, j)
                let pq = Int(order[step]); step += 1
                let p = pq / k, q = pq % k, idx = p << shift | q
                if apply(p, q, Int(table.nextInitiator[idx]), Int(table.nextResponder[idx])) { return true }
            }
            if let (p, q, p2, q2) = last {
                step += 1
                if apply(p, q, p2, q2) { return true }
            }
            return false
        }
        _ = hit   // stable outputs are absorbing, so the step converges within its interactions
        return (UInt64(step), c)
    }
}
