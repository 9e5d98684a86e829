/// Whether the batch engine can decide a count predicate exactly.
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
/// A sufficient condition (it ignores which other states are present), checked once per
/// protocol. Stable-output convergence is absorbing by definition and always passes.
extension CompiledProtocol {
    /// nil when the batch engine decides the convergence condition exactly; otherwise one line
    /// naming the condition and the first rule that can make it false again.
    public var batchPredicateProblem: String? {
        guard let predicate else { return nil }
        let w = predicate.weights, v = predicate.value
        for (p, q, p2, q2) in activeRules {
            let consumed = w[p] + w[q], d = w[p2] + w[q2] - consumed
            let closed: Bool
            switch predicate.comparison {
            case .atMost: closed = d <= 0 || v < consumed
            case .atLeast: closed = d >= 0 || max(v, consumed) + d >= v
            case .equal: closed = d == 0 || v < consumed
            }
            if closed { continue }
            let s = spec.states
            let counted = spec.states.indices.filter { w[$0] != 0 }.map { s[$0] }.joined(separator: ", ")
            return "convergence count(\(counted)) \(predicate.comparison.rawValue) \(v) of protocol '\(spec.name)' "
                + "is not absorbing: rule (\(s[p]), \(s[q])) -> (\(s[p2]), \(s[q2])) changes the count by \(d > 0 ? "+" : "")\(d) "
                + "once it holds, and the batch engine checks counts only between batches; use --engine agent"
        }
        return nil
    }
}
