import PopBenchCore

/// Buffers and bookkeeping of the tau engine (`TauEngine`), allocated once per run: the counts,
/// the reaction channels enabled now with their propensities, a pending change (a leap or one
/// reaction) that can be checked and discarded, and the convergence tracker on capped integer
/// counts.
struct TauWorkspace {
    let k: Int
    /// Agents per state (whole numbers stored as Double).
    let x: UnsafeMutableBufferPointer<Double>
    /// One template per non-identity rule: reactant states, and up to four (state, net change)
    /// pairs (`netCount` of them) at `4 * template`.
    private let reactantP: [Int], reactantQ: [Int], netState: [Int], netChange: [Double], netCount: [Int]
    /// Template index + 1 per ordered pair index `p << shift | q` (0: no count change), when the
    /// padded table has at most `denseLimit` pairs; then reactions are collected over the
    /// present pairs (m^2) instead of over every rule.
    private let pairTemplate: [Int32]
    private let shift: Int
    private let present: UnsafeMutableBufferPointer<Int>
    static let denseLimit = 1 << 22
    /// Reactions enabled now (`r` of them): template, propensity per interaction, criticality.
    let template: UnsafeMutableBufferPointer<Int>
    let a: UnsafeMutableBufferPointer<Double>
    let critical: UnsafeMutableBufferPointer<Bool>
    private(set) var r = 0
    /// Total propensity, and that of the critical reactions.
    private(set) var a0 = 0.0, a0c = 0.0
    /// The pending change: `dx[s]` for the states `changed[0..<pending]`.
    private let dx, mu, sigma2, order: UnsafeMutableBufferPointer<Double>
    private let changed, listed: UnsafeMutableBufferPointer<Int>
    private let marked, inList, reactant: UnsafeMutableBufferPointer<Bool>
    private var pending = 0
    /// The convergence tracker of the exact engines, fed counts capped at 2^62.
    private var tracker: ConvergenceTracker
    private let capped, old, scratch: UnsafeMutableBufferPointer<Int>
    private let table: CompiledProtocol

    /// Counts above this are passed to the tracker as this (they only need class >= 2).
    static let cap = 1 << 62

    init(_ table: CompiledProtocol, counts: [Double]) {
        self.table = table
        k = table.stateCount
        shift = table.shift
        let width = 1 << table.shift
        var pt = [Int32](repeating: 0, count: width * width <= Self.denseLimit ? width * width : 0)
        var p: [Int] = [], q: [Int] = [], ns: [Int] = [], nd: [Double] = [], nc: [Int] = []
        for (rp, rq, rp2, rq2) in table.activeRules {
            var net: [(Int, Double)] = []
            for (s, d) in [(rp, -1.0), (rq, -1.0), (rp2, 1.0), (rq2, 1.0)] {
                if let i = net.firstIndex(where: { $0.0 == s }) { net[i].1 += d } else { net.append((s, d)) }
            }
            net.removeAll { $0.1 == 0 }
            if net.isEmpty { continue }   // permutes two agents' states: no count changes
            if !pt.isEmpty { pt[rp << table.shift | rq] = Int32(p.count + 1) }
            p.append(rp); q.append(rq); nc.append(net.count)
            for i in 0..<4 { ns.append(i < net.count ? net[i].0 : 0); nd.append(i < net.count ? net[i].1 : 0) }
        }
        reactantP = p; reactantQ = q; netState = ns; netChange = nd; netCount = nc; pairTemplate = pt
        present = .allocate(capacity: k); present.initialize(repeating: 0)
        let rules = max(1, p.count)
        x = .allocate(capacity: k); dx = .allocate(capacity: k); mu = .allocate(capacity: k)
        sigma2 = .allocate(capacity: k); order = .allocate(capacity: k)
        changed = .allocate(capacity: k); listed = .allocate(capacity: k)
        marked = .allocate(capacity: k); inList = .allocate(capacity: k); reactant = .allocate(capacity: k)
        capped = .allocate(capacity: k); old = .allocate(capacity: k); scratch = .allocate(capacity: k)
        template = .allocate(capacity: rules); a = .allocate(capacity: rules); critical = .allocate(capacity: rules)
        for b in [dx, mu, sigma2, order] { b.initialize(repeating: 0) }
        for b in [changed, listed, old, scratch] { b.initialize(repeating: 0) }
        for b in [marked, inList, reactant] { b.initialize(repeating: false) }
        template.initialize(repeating: 0); a.initialize(repeating: 0); critical.initialize(repeating: false)
        for s in 0..<k { x[s] = counts[s]; capped[s] = Self.clamp(counts[s]) }
        var relaxed: Convergence.Comparison? = nil
        if case .relaxed(let c) = table.batchPredicateMode { relaxed = c }
        tracker = ConvergenceTracker(table, counts: Array(capped), comparison: relaxed)
    }

    func free() {
        for b in [x, dx, mu, sigma2, order] { b.deallocate() }
        for b in [changed, listed, capped, old, scratch, template, present] { b.deallocate() }
        for b in [marked, inList, reactant, critical] { b.deallocate() }
        a.deallocate()
    }

    @inline(__always) static func clamp(_ v: Double) -> Int { v >= Double(cap) ? cap : Int(v) }

    /// The counts as an array.
    var counts: [Double] { Array(x) }

    /// Whether the condition holds before any interaction (a predicate already past the value
    /// of its monotone count disables itself, as in the batch engine).
    mutating func startsConverged() -> Bool {
        let c = Array(capped)
        guard tracker.converged(c) else { return false }
        if ConvergenceTracker.exactPredicateHolds(table, c) { return true }
        tracker.disable()
        return false
    }

    /// Lists the reactions whose reactants are present, with propensities x_p (x_q - [p = q]) *
    /// `norm` (norm = 1 / (n (n - 1))) and criticality (a reactant below `criticalCount`).
    mutating func collectReactions(norm: Double) {
        r = 0; a0 = 0; a0c = 0
        if pairTemplate.isEmpty {
            for t in 0..<reactantP.count { add(t, norm) }
            return
        }
        var m = 0
        for s in 0..<k where x[s] >= 1 { present[m] = s; m += 1 }
        for i in 0..<m {
            let row = present[i] << shift
            for j in 0..<m {
                let t = Int(pairTemplate[row | present[j]])
                if t > 0 { add(t - 1, norm) }
            }
        }
    }

    /// Appends template t as an enabled reaction when its reactants are present.
    @inline(__always) private mutating func add(_ t: Int, _ norm: Double) {
        let p = reactantP[t], q = reactantQ[t]
        let xp = x[p], xq = x[q]
        let prop: Double
        if p == q { if xp < 2 { return }; prop = xp * (xp - 1) * norm } else { if xp < 1 || xq < 1 { return }; prop = xp * xq * norm }
        let isCritical = min(xp, xq) < TauEngine.criticalCount
        template[r] = t; a[r] = prop; critical[r] = isCritical
        a0 += prop
        if isCritical { a0c += prop }
        r += 1
    }

    /// tau1 of the step selection (Cao, Gillespie, Petzold 2006, eqs. 32-33) over the
    /// non-critical reactions; infinity when there are none.
    func leapBound(epsilon: Double) -> Double {
        var nl = 0
        func list(_ s: Int) {
            if inList[s] { return }
            inList[s] = true; listed[nl] = s; nl += 1
            mu[s] = 0; sigma2[s] = 0; order[s] = 2; reactant[s] = false
        }
        for j in 0..<r where !critical[j] {
            let t = template[j], p = reactantP[t], q = reactantQ[t]
            list(p); list(q)
            reactant[p] = true; reactant[q] = true
            if p == q { order[p] = max(order[p], 2 + 1 / (x[p] - 1)) }
            for e in 0..<netCount[t] {
                let s = netState[4 * t + e], v = netChange[4 * t + e]
                list(s)
                mu[s] += v * a[j]; sigma2[s] += v * v * a[j]
            }
        }
        var tau = Double.infinity
        for i in 0..<nl {
            let s = listed[i]
            inList[s] = false
            guard reactant[s] else { continue }
            let b = max(epsilon * x[s] / order[s], 1)
            if mu[s] != 0 { tau = min(tau, b / abs(mu[s])) }
            if sigma2[s] > 0 { tau = min(tau, b * b / sigma2[s]) }
        }
        return tau
    }

    /// The reaction at cumulative propensity `u` (among the critical ones only, if asked).
    func pick(_ u: Double, criticalOnly: Bool) -> Int {
        var acc = 0.0, last = -1
        for j in 0..<r where !criticalOnly || critical[j] {
            acc += a[j]; last = j
            if u < acc { return j }
        }
        return last   // rounding of the sum: the last eligible reaction
    }

    /// Starts an empty pending change.
    mutating func beginChange() {
        for i in 0..<pending { marked[changed[i]] = false }
        pending = 0
    }

    /// Adds `times` firings of enabled reaction j to the pending change.
    mutating func fire(_ j: Int, times: Double) {
        let t = template[j]
        for e in 0..<netCount[t] {
            let s = netState[4 * t + e]
            if !marked[s] { marked[s] = true; changed[pending] = s; pending += 1; dx[s] = 0 }
            dx[s] += netChange[4 * t + e] * times
        }
    }

    /// Whether applying the pending change keeps every count >= 0.
    func changeKeepsCountsNonNegative() -> Bool {
        for i in 0..<pending { let s = changed[i]; if x[s] + dx[s] < 0 { return false } }
        return true
    }

    /// Drops the pending change.
    mutating func discardChange() { beginChange() }

    /// Applies the pending change to the counts.
    func commit() {
        for i in 0..<pending { let s = changed[i]; x[s] = max(0, x[s] + dx[s]) }
    }

    /// Feeds the committed change to the tracker; true when the condition holds now.
    mutating func convergedAfterChange() -> Bool {
        for i in 0..<pending { let s = changed[i]; old[s] = capped[s]; capped[s] = Self.clamp(x[s]) }
        return tracker.batchUpdate(changed: UnsafeBufferPointer(rebasing: changed[0..<pending]), old: old,
                                   counts: capped, scratch: scratch)
    }
}
