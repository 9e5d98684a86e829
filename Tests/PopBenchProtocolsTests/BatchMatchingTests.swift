import PopBenchCore
import PopBenchProtocols
import Testing

/// The staged matching of a multibatch's bulk resolution (small columns and small rows paired
/// agent by agent, the large ones cell by cell) agrees in law with the agent engine.
@Suite struct BatchMatchingTests {
    /// k = 48 states, every ordered pair a rule whose outcome depends on both states
    /// ((i, j) -> ((i + j) mod k, (7i + 3j + 1) mod k)); outputs by parity, so that nothing
    /// converges within the test's interactions.
    static let table: CompiledProtocol = {
        let k = 48
        let states = (0..<k).map { "s\($0)" }
        var rules: [Rule] = []
        for i in 0..<k {
            for j in 0..<k { rules.append(Rule(states[i], states[j], states[(i + j) % k], states[(7 * i + 3 * j + 1) % k])) }
        }
        var outputs: [String: String] = [:]
        for i in 0..<k { outputs[states[i]] = i % 2 == 0 ? "A" : "B" }
        let spec = ProtocolSpec(name: "mixing48", states: states, rules: rules, outputs: outputs,
                                initial: InitialConfiguration([(states[0], .rest)]))
        return try! CompiledProtocol(spec)
    }()

    /// n = 8192 (multibatches): four states of 1800 agents, 44 of 22 and the rest in s0, so
    /// that one multibatch's f of about 2000 fresh interactions has 48 present states, four
    /// large rows and columns and 44 small ones: all three stages run. 2000 interactions (one
    /// multibatch), 1000 trials per engine; the final counts of five states and a weighted sum
    /// compared by two-sample KS, each p > 0.001.
    @Test func oneMultibatchAgreesWithAgent() {
        let k = 48, n = 8192
        var counts = [Int](repeating: 22, count: k)
        for s in [5, 17, 30, 41] { counts[s] = 1800 }
        counts[0] += n - counts.reduce(0, +)
        let statistics: [(String, ([Int]) -> Double)] = [
            ("s0", { Double($0[0]) }), ("s5", { Double($0[5]) }), ("s6", { Double($0[6]) }),
            ("s22", { Double($0[22]) }), ("s46", { Double($0[46]) }),
            ("sum i c_i", { c in Double(c.indices.reduce(0) { $0 + $1 * c[$1] }) }),
        ]
        expectEnginesAgree(Self.table, counts: counts, length: 2000, trials: 1000, statistics: statistics,
                           agentSeed: 9_000, batchSeed: 19_000)
    }
}
