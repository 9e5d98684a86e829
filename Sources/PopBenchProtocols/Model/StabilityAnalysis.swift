/// Exact detection of convergence from state counts.
///
/// A configuration has stable outputs when no configuration reachable from it has a rule that
/// changes an agent's output. Whether a rule can fire depends only on which states are present
/// with multiplicity 0, 1 or at least 2 (a pair (p, p) needs two agents in p). The check
/// computes the closure of that abstract support under the rules: a fired rule marks the states
/// it produces as "many". The closure over-approximates what is reachable, so a configuration
/// declared stable is stable (the run never stops early). It is exact, so the run never stops
/// late, whenever the states a rule produces can really occur in pairs once produced — true of
/// every catalog protocol (checked against the closed forms of `le-trivial` and the epidemic).
///
/// The engines call `isStable` only when some state's count class (0, 1, >= 2) changed and no
/// output-changing pair is present right now (the `live` counter of `StabilityMonitor`), so the
/// O(rules) closure runs rarely.
public enum StabilityAnalysis {
    /// True when no rule reachable from the abstract support of `counts` changes an output.
    ///
    /// A worklist closure: a state is (re)visited when it enters the support or becomes "many",
    /// and only the rules it takes part in (`CompiledProtocol.rulesOfState`) are examined, so a
    /// call costs the rules of the states it reaches, not passes over every rule (junta-leader
    /// has 1.2 million rules at n = 10^6; full passes made the agent-engine tests spend 86% of
    /// their time here). Raising a level is monotone, so the fixpoint, and the answer, do not
    /// depend on the visiting order.
    public static func isStable(_ table: CompiledProtocol, counts: UnsafeBufferPointer<Int>) -> Bool {
        var level = [UInt8](repeating: 0, count: table.stateCount)
        var pending: [Int32] = []
        for s in 0..<table.stateCount where counts[s] > 0 {
            level[s] = UInt8(min(counts[s], 2))
            pending.append(Int32(s))
        }
        let rules = table.activeRules, start = table.rulesOfStateStart, members = table.rulesOfState
        while let s = pending.popLast() {
            for i in Int(start[Int(s)])..<Int(start[Int(s) + 1]) {
                let (p, q, p2, q2) = rules[Int(members[i])]
                let enabled = p == q ? level[p] >= 2 : (level[p] >= 1 && level[q] >= 1)
                if !enabled { continue }
                if table.changesOutput[p << table.shift | q] { return false }
                // A state the rule produces more of than it consumes can become many.
                if level[p2] < 2 && grows(p2, p, q, p2, q2) { level[p2] = 2; pending.append(Int32(p2)) }
                if q2 != p2 && level[q2] < 2 && grows(q2, p, q, p2, q2) { level[q2] = 2; pending.append(Int32(q2)) }
            }
        }
        return true
    }

    /// Whether the rule (p, q) -> (p2, q2) makes more agents in state x than it takes from x.
    @inline(__always)
    private static func grows(_ x: Int, _ p: Int, _ q: Int, _ p2: Int, _ q2: Int) -> Bool {
        (p2 == x ? 1 : 0) + (q2 == x ? 1 : 0) > (p == x ? 1 : 0) + (q == x ? 1 : 0)
    }
}

/// Incremental bookkeeping for stable-output convergence: counts per state and the number of
/// output-changing ordered pairs whose states are present now (`live`).
///
/// While `live > 0` some output can change at the next interaction, so the run has not
/// converged; the full `StabilityAnalysis.isStable` runs only when `live == 0` after a count
/// class changed. Updating costs O(partners of the state) and happens only when a count moves
/// between the classes 0, 1 and >= 2.
public struct StabilityMonitor: Sendable {
    /// Output-changing ordered pairs present now.
    public private(set) var live: Int = 0
    private let partners: [[Int]]
    private let changes: [Bool]
    private let shift: Int

    /// Starts from `counts`.
    public init(_ table: CompiledProtocol, counts: [Int]) {
        partners = table.outputPartners; changes = table.changesOutput; shift = table.shift
        for p in 0..<table.stateCount {
            for q in 0..<table.stateCount where changes[p << shift | q] {
                if Self.present(p, q, counts) { live += 1 }
            }
        }
    }

    /// Sets `live` back to a value it had on the same counts.
    mutating func restore(live: Int) { self.live = live }

    static func present(_ p: Int, _ q: Int, _ c: [Int]) -> Bool {
        p == q ? c[p] >= 2 : (c[p] >= 1 && c[q] >= 1)
    }

    /// Updates `live` after the count of state `s` changed from `old` (counts already hold the
    /// new value). Call once per unit change, in order.
    public mutating func countChanged(_ s: Int, old: Int, counts: UnsafeMutableBufferPointer<Int>) {
        let new = counts[s]
        if min(old, 2) == min(new, 2) { return }
        for t in partners[s] {
            if t == s {
                if changes[s << shift | s] {
                    let before = old >= 2, after = new >= 2
                    if before != after { live += after ? 1 : -1 }
                }
                continue
            }
            let ct = counts[t]
            if ct == 0 { continue }
            let before = old >= 1, after = new >= 1
            if before == after { continue }
            let d = after ? 1 : -1
            if changes[s << shift | t] { live += d }
            if changes[t << shift | s] { live += d }
        }
    }
}
