import PopBenchCore
import PopBenchProtocols
import Testing

/// The correctness proof in `CancelSplit`'s doc comment, checked exhaustively on the whole
/// configuration graph at small n (independent of the engines and of `StabilityAnalysis`):
/// from every configuration reachable from an input with a nonzero margin, a configuration in
/// the "settled" set G is reachable, where G = {every agent outputs the majority} (so no value
/// of the minority's sign is left); G is closed under every transition; and `StabilityAnalysis` never
/// calls a configuration outside G stable when its outputs are mixed.
@Suite struct CancelSplitProofTests {
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

    @Test(arguments: [2, 3, 4, 5, 6, 7])
    func everyReachableConfigurationSettlesOnTheMajority(n: Int) throws {
        let t = CancelSplit.table(n: n)
        let plus = t.state("+2^-0")!, minus = t.state("-2^-0")!
        for a in 0...n where 2 * a != n {
            let majorityIsA = 2 * a > n
            let majorityOutput = t.outputSymbols.firstIndex(of: majorityIsA ? "A" : "B")!
            // A minority-signed value outputs the minority, so "every agent outputs the
            // majority" already excludes them.
            func settled(_ c: [Int]) -> Bool {
                (0..<t.stateCount).allSatisfy { c[$0] == 0 || t.output[$0] == majorityOutput }
            }
            var start = [Int](repeating: 0, count: t.stateCount)
            start[plus] = a; start[minus] = n - a
            // Forward closure.
            var index: [[Int]: Int] = [start: 0]
            var configs = [start]
            var edges: [[Int]] = []
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
            // G is closed.
            for (i, c) in configs.enumerated() where settled(c) {
                #expect(edges[i].allSatisfy { settled(configs[$0]) }, "n = \(n), a = \(a): G not closed at \(c)")
            }
            // Backward reachability of G.
            var reverse = [[Int]](repeating: [], count: configs.count)
            for (i, next) in edges.enumerated() { for j in next { reverse[j].append(i) } }
            var canSettle = configs.map(settled)
            var stack = configs.indices.filter { canSettle[$0] }
            while let j = stack.popLast() {
                for i in reverse[j] where !canSettle[i] { canSettle[i] = true; stack.append(i) }
            }
            let stuck = configs.indices.filter { !canSettle[$0] }
            #expect(stuck.isEmpty, "n = \(n), a = \(a): \(stuck.count) configurations cannot settle, e.g. \(stuck.first.map { configs[$0] } ?? [])")
            // The exact convergence check never stops outside G with mixed outputs.
            for c in configs where !settled(c) {
                let mixed = Set(c.indices.filter { c[$0] > 0 }.map { t.output[$0] }).count > 1
                if mixed {
                    let stable = c.withUnsafeBufferPointer { StabilityAnalysis.isStable(t, counts: $0) }
                    #expect(!stable, "n = \(n), a = \(a): mixed configuration \(c) declared stable")
                }
            }
        }
    }
}
