import PopBenchCore
import PopBenchProtocols
import Testing

/// The multibatch path of the batch engine (n >= BatchEngine.multibatchMinimum) agrees in
/// distribution with the agent engine, convergence replay included (rejection re-simulation).
@Suite struct MultiBatchTests {
    static let cases: [(name: String, params: [String: String], task: String)] = [
        ("am3", [:], "majority"),
        ("em4", ["gap": "0.1"], "majority"),
        ("epidemic", ["variant": "two-way"], "broadcast"),
        ("avc", ["m": "15", "d": "8", "gap": "0.05"], "majority"),
        ("cancel-split", ["gap": "0.05"], "majority"),
        ("le-fast", [:], "leader"),
    ]

    @Test(arguments: 0..<6)
    func multibatchAgreesWithAgent(index: Int) throws {
        let (name, params, task) = Self.cases[index]
        let plugin = ProtocolFamily.catalog.plugins.first { $0.descriptor.name == name }!
        let n = 2 * BatchEngine.multibatchMinimum
        var times: [String: [Double]] = [:]
        for engine in ["agent", "batch"] {
            var p = params; p["engine"] = engine
            let recs = try runTrials(plugin, task: task, n: n, params: p, trials: 300, master: 17)
            #expect(recs.allSatisfy { $0.status == .ok }, "\(name) \(engine): a trial timed out")
            times[engine] = recs.map { $0.outcomes[OutcomeName.time]! }
        }
        let ks = TestStats.kolmogorovSmirnov(times["agent"]!, times["batch"]!)
        print("KS multibatch \(name) n=\(n): D = \(ks.d), p = \(ks.p); mean agent \(TestStats.mean(times["agent"]!)), batch \(TestStats.mean(times["batch"]!))")
        #expect(ks.p > 0.001, "\(name): KS D = \(ks.d), p = \(ks.p)")
    }

    /// Exact expectation of the one-way epidemic at n = 10^5 through multibatches.
    @Test func epidemicClosedFormThroughMultibatches() throws {
        let n = 100_000
        let recs = try runTrials(Epidemic.plugin, task: "broadcast", n: n, params: ["engine": "batch"], trials: 500, master: 23)
        let times = recs.map { $0.outcomes[OutcomeName.time]! }
        let exact = 2 * Double(n - 1) * ProtocolTrial.harmonic(n - 1) / Double(n)
        #expect(TestStats.interval99(times).contains(exact), "mean \(TestStats.mean(times)) exact \(exact)")
    }
}
