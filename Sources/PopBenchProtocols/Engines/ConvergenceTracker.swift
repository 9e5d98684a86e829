/// The convergence condition of a protocol, tracked incrementally from state counts by every
/// engine: stable outputs (`StabilityMonitor` + `StabilityAnalysis`) or a count predicate.
public struct ConvergenceTracker: Sendable {
    private let table: CompiledProtocol
    private var monitor: StabilityMonitor?
    private var predicateSum = 0
    /// The comparison applied to the predicate's count: the table's own, or the absorbing
    /// relaxation the batch engine detects with (`BatchPredicateMode.relaxed`).
    private let comparison: Convergence.Comparison?
    /// Set by `disable()`: the condition can no longer hold in this run.
    private var disabled = false

    /// Starts tracking from `counts`; `comparison` replaces the predicate's comparison.
    public init(_ table: CompiledProtocol, counts: [Int], comparison: Convergence.Comparison? = nil) {
        self.table = table
        self.comparison = comparison ?? table.predicate?.comparison
        if let p = table.predicate {
            predicateSum = zip(p.weights, counts).reduce(0) { $0 + $1.0 * $1.1 }
        } else {
            monitor = StabilityMonitor(table, counts: counts)
        }
    }

    /// True when a count predicate must see every count change (not only class changes).
    public var needsEveryChange: Bool { table.predicate != nil }

    /// Whether `counts` satisfy the condition (used before the first interaction and by the
    /// batch engine after a resynchronization).
    public func converged(_ counts: [Int]) -> Bool {
        if disabled { return false }
        if let p = table.predicate { return comparison!.holds(predicateSum, p.value) }
        if monitor!.live > 0 { return false }
        return counts.withUnsafeBufferPointer { StabilityAnalysis.isStable(table, counts: $0) }
    }

    /// Accounts one interaction (p, q) -> (p2, q2) whose count changes are already in `counts`;
    /// returns true when the condition holds afterwards.
    public mutating func update(from old: (Int, Int), to new: (Int, Int),
                                counts c: UnsafeMutableBufferPointer<Int>) -> Bool {
        if let p = table.predicate {
            predicateSum += p.weights[new.0] + p.weights[new.1] - p.weights[old.0] - p.weights[old.1]
            return !disabled && comparison!.holds(predicateSum, p.value)
        }
        // Undo, then replay the unit changes in order so the monitor sees each class change
        // (no allocation: at most four steps).
        if old.0 != new.0 { c[old.0] += 1; c[new.0] -= 1 }
        if old.1 != new.1 { c[old.1] += 1; c[new.1] -= 1 }
        var crossed = false
        func step(_ s: Int, _ d: Int) {
            let before = c[s]
            c[s] = before + d
            if min(before, 2) != min(before + d, 2) { crossed = true }
            monitor!.countChanged(s, old: before, counts: c)
        }
        if old.0 != new.0 { step(old.0, -1); step(new.0, 1) }
        if old.1 != new.1 { step(old.1, -1); step(new.1, 1) }
        // The verdict depends only on the support classes (0, 1, >= 2): with none crossed it is
        // the previous one, which was negative (the run would have stopped). Without this test
        // every interaction of a run whose outputs agree while states keep changing (a phase
        // clock ticking) ran the closure: 98% of block-majority's batch-engine time.
        guard crossed, monitor!.live == 0 else { return false }
        return StabilityAnalysis.isStable(table, counts: UnsafeBufferPointer(c))
    }

    /// Applies one interaction (p, q) -> (p2, q2) to `counts` and accounts it (`update`); returns
    /// true when the condition holds afterwards. A null interaction changes nothing.
    public mutating func apply(from old: (Int, Int), to new: (Int, Int), counts c: UnsafeMutableBufferPointer<Int>) -> Bool {
        if old == new { return false }
        c[old.0] -= 1; c[old.1] -= 1; c[new.0] += 1; c[new.1] += 1
        return update(from: old, to: new, counts: c)
    }

    /// The mutable part of the tracker, to go back to after a discarded batch without copying
    /// the tracker (which would retain every array of the table).
    public var checkpoint: (live: Int, sum: Int) { (monitor?.live ?? 0, predicateSum) }

    /// Returns to a `checkpoint` taken on the same counts.
    public mutating func restore(_ c: (live: Int, sum: Int)) {
        predicateSum = c.sum
        monitor?.restore(live: c.live)
    }

    /// Recomputes the tracker from scratch for `counts` (after a batch of many interactions).
    public mutating func reset(_ counts: [Int]) { self = ConvergenceTracker(table, counts: counts, comparison: comparison) }

    /// From now on the condition never holds (a monotone count stepped past its value).
    public mutating func disable() { disabled = true }

    /// Whether the table's own predicate (not a relaxation) holds for `counts`.
    public static func exactPredicateHolds(_ table: CompiledProtocol, _ counts: [Int]) -> Bool {
        guard let p = table.predicate else { return true }
        return p.comparison.holds(zip(p.weights, counts).reduce(0) { $0 + $1.0 * $1.1 }, p.value)
    }

    /// Accounts many interactions at once (a batch step): `old` holds the counts before, `c`
    /// the counts after, and `changed` lists, without repeats, every state whose count may
    /// differ. Costs O(changed) plus O(partners) per count crossing the classes 0 / 1 / >= 2;
    /// the reachability closure runs only when such a crossing leaves no output-changing pair
    /// present. Returns whether the condition holds after the batch. `scratch` needs
    /// `changed.count` elements.
    public mutating func batchUpdate(changed: UnsafeBufferPointer<Int>, old: UnsafeMutableBufferPointer<Int>,
                                     counts c: UnsafeMutableBufferPointer<Int>,
                                     scratch: UnsafeMutableBufferPointer<Int>) -> Bool {
        if let p = table.predicate {
            for s in changed { predicateSum += p.weights[s] * (c[s] - old[s]) }
            return !disabled && comparison!.holds(predicateSum, p.value)
        }
        var crossed = false
        for (i, s) in changed.enumerated() {
            scratch[i] = c[s]
            if min(c[s], 2) != min(old[s], 2) { crossed = true }
        }
        guard crossed else { return false }   // same support classes: same (negative) verdict
        for s in changed { c[s] = old[s] }
        for (i, s) in changed.enumerated() {
            let before = c[s]
            c[s] = scratch[i]
            monitor!.countChanged(s, old: before, counts: c)
        }
        if monitor!.live > 0 { return false }
        return StabilityAnalysis.isStable(table, counts: UnsafeBufferPointer(c))
    }
}
