/// How the batch engine decides a count predicate exactly.
///
/// The batch engine sees counts only at batch ends and then finds the first interaction after
/// which the condition holds by replaying (or re-simulating) the last batch. That is exact when
/// the predicate is absorbing: once it holds it holds forever, so "holds at a batch end" equals
/// "held at some interaction of the batch". For S = sum of counted states and a rule (p, q) ->
/// (p', q') with d = w(p') + w(q') - w(p) - w(q) (w = 1 for counted states), the rule can fire
/// only when S >= w(p) + w(q), so it keeps the predicate set P = {S : S op v} closed when d = 0,
/// or when no S in P has S >= w(p) + w(q), or when every such S stays in P after adding d:
///
///     S <= v:  d <= 0, or v < w(p) + w(q)
///     S >= v:  d >= 0, or max(v, w(p) + w(q)) + d >= v
///     S == v:  d == 0, or v < w(p) + w(q)
///
/// Otherwise, when S is monotone (every rule has d <= 0, or every rule d >= 0), it is still
/// exact: `S == v` under a non-increasing S is detected as the absorbing `S <= v` and, at the
/// first interaction where that holds, S == v decides whether it ever holds (it cannot later);
/// `S >= v` under a non-increasing S (and `S <= v` under a non-decreasing one) holds at the start
/// or never. Only a non-monotone, non-absorbing predicate is refused. Sufficient conditions
/// (they ignore which other states are present), checked once per protocol.
public enum BatchPredicateMode: Sendable, Equatable {
    /// Absorbing, or true at the start or never: checking at batch ends is exact.
    case absorbing
    /// Detect with this absorbing comparison, then check the exact one at the first crossing.
    case relaxed(Convergence.Comparison)
    /// Not decidable from batch ends: the line names the condition and the rule.
    case refused(String)
}

extension CompiledProtocol {
    /// How the batch engine decides this protocol's convergence condition.
    public var batchPredicateMode: BatchPredicateMode {
        guard let predicate else { return .absorbing }
        let w = predicate.weights, v = predicate.value
        var firstOpen: (Int, Int, Int, Int, Int)? = nil
        var rises = false, falls = false
        for (p, q, p2, q2) in activeRules {
            let consumed = w[p] + w[q], d = w[p2] + w[q2] - consumed
            if d > 0 { rises = true }
            if d < 0 { falls = true }
            let closed: Bool
            switch predicate.comparison {
            case .atMost: closed = d <= 0 || v < consumed
            case .atLeast: closed = d >= 0 || max(v, consumed) + d >= v
            case .equal: closed = d == 0 || v < consumed
            }
            if !closed && firstOpen == nil { firstOpen = (p, q, p2, q2, d) }
        }
        guard let (p, q, p2, q2, d) = firstOpen else { return .absorbing }
        if !(rises && falls) {
            switch predicate.comparison {
            case .equal: return .relaxed(falls ? .atMost : .atLeast)
            case .atMost, .atLeast: return .absorbing   // moves away only: true at the start or never
            }
        }
        let s = spec.states
        let counted = s.indices.filter { w[$0] != 0 }.map { s[$0] }.joined(separator: ", ")
        return .refused("convergence count(\(counted)) \(predicate.comparison.rawValue) \(v) of protocol '\(spec.name)' "
            + "is neither absorbing nor monotone: rule (\(s[p]), \(s[q])) -> (\(s[p2]), \(s[q2])) changes the count by "
            + "\(d > 0 ? "+" : "")\(d) once it holds, and the batch engine checks counts only between batches; use --engine agent")
    }

    /// nil when the batch engine decides the convergence condition exactly; otherwise one line
    /// naming the condition and the first rule that can make it false again.
    public var batchPredicateProblem: String? {
        if case .refused(let line) = batchPredicateMode { return line }
        return nil
    }
}
