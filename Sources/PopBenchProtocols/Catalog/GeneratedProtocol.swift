/// Catalog protocols whose state set is generated from parameters (and, for some, from n):
/// the states are listed explicitly and the rules come from a transition function on state
/// indices, so the engines see an ordinary `CompiledProtocol`.
public enum GeneratedProtocol {
    /// A protocol from state names, their output symbols, an initial configuration and a
    /// transition function `delta(p, q) -> (p', q')` on ordered pairs of state indices. Pairs
    /// that `delta` leaves unchanged are null transitions.
    public static func spec(name: String, states: [String], outputs: [String], initial: InitialConfiguration,
                            convergence: Convergence = .stableOutputs,
                            delta: (Int, Int) -> (Int, Int)) -> ProtocolSpec {
        var rules: [Rule] = []
        for p in states.indices {
            for q in states.indices {
                let (p2, q2) = delta(p, q)
                if p2 != p || q2 != q { rules.append(Rule(states[p], states[q], states[p2], states[q2])) }
            }
        }
        var out: [String: String] = [:]
        for (s, o) in zip(states, outputs) { out[s] = o }
        return ProtocolSpec(name: name, states: states, rules: rules, outputs: out, initial: initial,
                            convergence: convergence)
    }

    /// Breadth-first closure of the states reachable from `initial` under a transition function
    /// on state values: the state list and the rules on their indices (used by protocols whose
    /// state is a record of fields, most combinations of which never occur).
    public static func reachable<S: Hashable>(from initial: [S], delta: (S, S) -> (S, S)) -> (states: [S], delta: [Int: (Int, Int)]) {
        var index: [S: Int] = [:]
        var states: [S] = []
        for s in initial where index[s] == nil { index[s] = states.count; states.append(s) }
        var table: [Int: (Int, Int)] = [:]
        var done = 0   // pairs (p, q) with max(p, q) < done are computed
        while done < states.count {
            let top = states.count
            for p in 0..<top {
                for q in 0..<top where max(p, q) >= done {
                    let (a, b) = delta(states[p], states[q])
                    for s in [a, b] where index[s] == nil { index[s] = states.count; states.append(s) }
                    table[p << 16 | q] = (index[a]!, index[b]!)
                }
            }
            done = top
        }
        return (states, table)
    }
}
