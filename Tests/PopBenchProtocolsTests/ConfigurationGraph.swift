import PopBenchCore
import PopBenchProtocols

/// Every configuration (state counts) reachable from one start by a protocol's non-null rules,
/// with each configuration's successors: the graph the exhaustive correctness checks walk,
/// independent of the engines and of `StabilityAnalysis`.
struct ConfigurationGraph {
    /// The configurations, the start first.
    let configs: [[Int]]
    /// For each configuration, the indices of its successors (one per enabled ordered pair
    /// with a non-null rule).
    let edges: [[Int]]

    /// The graph reachable from `a` agents in `plus` and n - a in `minus` (breadth first).
    init(_ t: CompiledProtocol, plus: Int, minus: Int, n: Int, a: Int) {
        var start = [Int](repeating: 0, count: t.stateCount)
        start[plus] = a; start[minus] = n - a
        var index: [[Int]: Int] = [start: 0]
        var configs = [start], edges: [[Int]] = []
        var k = 0
        while k < configs.count {
            var next: [Int] = []
            for d in Self.successors(t, configs[k]) {
                if index[d] == nil { index[d] = configs.count; configs.append(d) }
                next.append(index[d]!)
            }
            edges.append(next)
            k += 1
        }
        self.configs = configs
        self.edges = edges
    }

    /// Successor configurations of `c` (one per enabled ordered pair with a non-null rule).
    static func successors(_ t: CompiledProtocol, _ c: [Int]) -> [[Int]] {
        var out: [[Int]] = []
        for p in 0..<t.stateCount where c[p] > 0 {
            for q in 0..<t.stateCount where c[q] > (p == q ? 1 : 0) {
                let i = p << t.shift | q
                let p2 = Int(t.nextInitiator[i]), q2 = Int(t.nextResponder[i])
                if p2 == p && q2 == q { continue }
                var d = c
                d[p] -= 1; d[q] -= 1; d[p2] += 1; d[q2] += 1
                out.append(d)
            }
        }
        return out
    }

    /// Which configurations can reach one marked in `target` (a backward search over the
    /// reversed edges; a marked configuration reaches itself).
    func canReach(_ target: [Bool]) -> [Bool] {
        var reverse = [[Int]](repeating: [], count: configs.count)
        for (i, next) in edges.enumerated() { for j in next { reverse[j].append(i) } }
        var reached = target
        var stack = configs.indices.filter { target[$0] }
        while let j = stack.popLast() {
            for i in reverse[j] where !reached[i] { reached[i] = true; stack.append(i) }
        }
        return reached
    }

    /// How many configurations outside `settled` have mixed outputs yet are called stable by
    /// `StabilityAnalysis` (each one is a false "converged" verdict).
    func wronglyStable(_ t: CompiledProtocol, settled: [Bool]) -> Int {
        configs.indices.filter { i in
            let c = configs[i]
            return !settled[i] && Set(c.indices.filter { c[$0] > 0 }.map { t.output[$0] }).count > 1
                && c.withUnsafeBufferPointer { StabilityAnalysis.isStable(t, counts: $0) }
        }.count
    }
}
