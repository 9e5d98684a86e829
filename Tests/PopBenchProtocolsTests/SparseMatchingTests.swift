import PopBenchCore
import PopBenchProtocols
import Testing

/// The sparse matching of a bulk resolution (only cells with a rule told apart; dead columns
/// and the columns beyond a row's last rule pooled, the latter with pending agents peeled off
/// later) agrees in law with the agent engine, on protocols where most pairs are null.
@Suite struct SparseMatchingTests {
    /// cancel-split at n = 8192 (30 states: values +-2^-i, i <= 13, and two zeros; three
    /// quarters of the pairs null, the zeros' rows and columns dense, the rest banded), from
    /// uneven counts over every state, 2000 interactions (two multibatches, every row through
    /// the sparse stage: fewer than 32 states), 2000 trials per engine.
    @Test func cancelSplitAgreesWithAgent() {
        let n = 8192
        let table = CancelSplit.table(n: n)
        let k = table.stateCount
        var counts = (0..<k).map { 40 + 37 * ($0 % 7) + 11 * ($0 % 5) }
        counts[table.state("+0")!] += n - counts.reduce(0, +)
        let index = { (name: String) in table.state(name)! }
        let statistics: [(String, ([Int]) -> Double)] = [
            ("+0", { Double($0[index("+0")]) }), ("-0", { Double($0[index("-0")]) }),
            ("+2^-3", { Double($0[index("+2^-3")]) }), ("-2^-7", { Double($0[index("-2^-7")]) }),
            ("+2^-13", { Double($0[index("+2^-13")]) }),
            ("sum i c_i", { c in Double(c.indices.reduce(0) { $0 + $1 * c[$1] }) }),
        ]
        expectEnginesAgree(table, counts: counts, length: 2000, trials: 2000, statistics: statistics,
                           agentSeed: 131_000, batchSeed: 631_000)
    }

    /// A random sparse protocol: 28 states, each ordered pair a rule with probability 1/5 (to
    /// random states), states 3 and 11 with rules with every state; outputs by parity. From
    /// uneven counts at n = 8192, 2000 interactions, 1000 trials per engine.
    @Test func randomSparseProtocolAgreesWithAgent() throws {
        let k = 28, n = 8192
        var g = Xoshiro256(seed: 77)
        let states = (0..<k).map { "s\($0)" }
        var rules: [Rule] = []
        for i in 0..<k {
            for j in 0..<k where [3, 11].contains(i) || [3, 11].contains(j) || g.bounded(5) == 0 {
                rules.append(Rule(states[i], states[j], states[Int(g.bounded(UInt64(k)))], states[Int(g.bounded(UInt64(k)))]))
            }
        }
        var outputs: [String: String] = [:]
        for i in 0..<k { outputs[states[i]] = i % 2 == 0 ? "A" : "B" }
        let table = try CompiledProtocol(ProtocolSpec(name: "sparse28", states: states, rules: rules, outputs: outputs,
                                                      initial: InitialConfiguration([(states[0], .rest)])))
        var counts = (0..<k).map { 60 + 41 * ($0 % 6) + 13 * ($0 % 4) }
        counts[0] += n - counts.reduce(0, +)
        let statistics: [(String, ([Int]) -> Double)] = [
            ("s0", { Double($0[0]) }), ("s3", { Double($0[3]) }), ("s8", { Double($0[8]) }),
            ("s19", { Double($0[19]) }), ("s27", { Double($0[27]) }),
            ("sum i c_i", { c in Double(c.indices.reduce(0) { $0 + $1 * c[$1] }) }),
        ]
        expectEnginesAgree(table, counts: counts, length: 2000, trials: 1000, statistics: statistics,
                           agentSeed: 41_000, batchSeed: 541_000)
    }
}
