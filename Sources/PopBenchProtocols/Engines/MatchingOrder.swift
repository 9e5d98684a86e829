/// The order in which the batch engine's matching takes the states of a bulk resolution as
/// rows and columns (`BatchWorkspace.matchSparse`), fixed per protocol.
///
/// The sparse matching draws a row's partners column by column only where it must: in the
/// columns the row has a rule with, and in those a later row has a rule with and that are
/// already resolved one by one. Columns that no later row needs are pooled (dead), and columns
/// beyond the row's last rule wait in one pooled suffix. So it is cheap when every state's rules
/// reach only states near it in the order: a small bandwidth of the graph of non-null pairs.
/// That is the aim of the Cuthill-McKee order (E. Cuthill, J. McKee, "Reducing the bandwidth of
/// sparse symmetric matrices", ACM 1969): breadth-first from a state of least degree, each
/// state's unvisited neighbours in order of increasing degree. States with rules with more than
/// a quarter of all states (cancel-split's zeros, which split every value) would widen every
/// band; they come first, by decreasing degree, and the order restarts after them (their rows
/// resolve every column; the pooled suffix is formed again from the first row after them).
enum MatchingOrder {
    /// The rank of each state in the order (0 first), from the table's non-null rules.
    static func ranks(stateCount k: Int, activeRules: [(Int, Int, Int, Int)], rulesOfStateStart start: [Int32],
                      rulesOfState members: [Int32]) -> [Int32] {
        // Distinct neighbours (self excluded) of each state in the symmetric graph of non-null pairs.
        var stamp = [Int](repeating: -1, count: k), call = 0
        func neighbours(_ s: Int, _ body: (Int) -> Void) {
            call += 1
            for i in Int(start[s])..<Int(start[s + 1]) {
                let (p, q, _, _) = activeRules[Int(members[i])]
                let t = p == s ? q : p
                if t != s && stamp[t] != call { stamp[t] = call; body(t) }
            }
        }
        var degree = [Int](repeating: 0, count: k)
        for s in 0..<k { var d = 0; neighbours(s) { _ in d += 1 }; degree[s] = d }
        var order: [Int] = []
        order.reserveCapacity(k)
        var visited = [Bool](repeating: false, count: k)
        let dense = (0..<k).filter { degree[$0] * 4 > k && k >= 16 }.sorted { degree[$0] > degree[$1] }
        for s in dense { visited[s] = true; order.append(s) }
        let byDegree = (0..<k).sorted { (degree[$0], $0) < (degree[$1], $1) }
        var next = 0, head = order.count
        var found: [Int] = []
        while order.count < k {
            while visited[byDegree[next]] { next += 1 }
            let root = byDegree[next]
            visited[root] = true; order.append(root)
            while head < order.count {
                let s = order[head]; head += 1
                found.removeAll(keepingCapacity: true)
                neighbours(s) { t in if !visited[t] { found.append(t) } }
                found.sort { (degree[$0], $0) < (degree[$1], $1) }
                for t in found { visited[t] = true; order.append(t) }
            }
        }
        var rank = [Int32](repeating: 0, count: k)
        for (i, s) in order.enumerated() { rank[s] = Int32(i) }
        return rank
    }
}
