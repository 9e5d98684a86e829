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
        var out: [String: String] = [:]
        for (s, o) in zip(states, outputs) { out[s] = o }
        return ProtocolSpec(name: name, states: states, indexed: IndexedRules(stateCount: states.count, delta: delta),
                            outputs: out, initial: initial, convergence: convergence)
    }

    /// Breadth-first closure of the states reachable from `initial` under a transition function
    /// on state values: the state list and the rules on their indices (used by protocols whose
    /// state is a record of fields, most combinations of which never occur).
    public static func reachable<S: Hashable>(from initial: [S], delta: (S, S) -> (S, S)) -> (states: [S], delta: PairTable) {
        var index: [S: Int] = [:]
        var states: [S] = []
        for s in initial where index[s] == nil { index[s] = states.count; states.append(s) }
        var table = PairTable()
        /// The number of state s, numbering it when new (one dictionary probe per state).
        func number(_ s: S) -> Int {
            if let i = index[s] { return i }
            index[s] = states.count; states.append(s)
            return states.count - 1
        }
        var done = 0   // pairs (p, q) with max(p, q) < done are computed
        while done < states.count {
            let top = states.count
            for p in 0..<top {
                if p == table.rows.count { table.rows.append([]) }
                let first = table.rows[p].count
                table.rows[p].reserveCapacity(top)
                for q in first..<top {
                    let (a, b) = delta(states[p], states[q])
                    let ia = number(a), ib = number(b)
                    table.rows[p].append(UInt32(ia) << 16 | UInt32(ib))
                }
            }
            done = top
        }
        return (states, table)
    }

    /// The rule table `reachable` builds: row p holds (p2 << 16 | q2) for each q; read as
    /// `table[p << 16 | q]` (nil beyond the states).
    public struct PairTable: Sendable {
        var rows: [[UInt32]] = []

        public subscript(key: Int) -> (Int, Int)? {
            let p = key >> 16, q = key & 0xFFFF
            guard p < rows.count, q < rows[p].count else { return nil }
            let r = rows[p][q]
            return (Int(r >> 16), Int(r & 0xFFFF))
        }
    }
}
