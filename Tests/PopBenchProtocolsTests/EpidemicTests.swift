import PopBenchCore
import PopBenchProtocols
import Testing

/// The epidemic's mean completion time is within its 99% CI of the exact expectation.
@Suite struct EpidemicTests {
    @Test(arguments: ["one-way", "two-way"], [100, 1000, 10_000])
    func meanTimeMatchesClosedForm(variant: String, n: Int) throws {
        let plugin = Epidemic.plugin
        let trials = n >= 10_000 ? 1000 : 2000
        let recs = try runTrials(plugin, task: "broadcast", n: n, params: ["variant": variant, "engine": "agent"],
                                 trials: trials, master: 7)
        #expect(recs.allSatisfy { $0.status == .ok })
        let times = recs.map { $0.outcomes[OutcomeName.time]! }
        let config = try Configuration(specs: plugin.descriptor.parameters, overrides: ["variant": variant])
        let exact = plugin.exactExpectations(TrialSetup(plugin: "epidemic", task: "broadcast", n: n, config: config))
        let expected = try #require(exact[OutcomeName.time])
        let ci = TestStats.interval99(times)
        #expect(ci.contains(expected), "\(variant) n=\(n): mean \(TestStats.mean(times)) CI \(ci) exact \(expected)")
        // A 99% interval misses with probability 1% per case; the fixed master seed 7 was
        // checked (a bias check with 40,000 trials per case gave |z| < 1 at n >= 1000).
        // interactions / n is the parallel time exactly.
        #expect(recs.allSatisfy { $0.outcomes[OutcomeName.interactions]! / Double(n) == $0.outcomes[OutcomeName.time]! })
    }

    @Test func closedForms() throws {
        let plugin = Epidemic.plugin
        let config = try Configuration(specs: plugin.descriptor.parameters, overrides: [:])
        let e = plugin.exactExpectations(TrialSetup(plugin: "epidemic", task: "broadcast", n: 4, config: config))
        // 2 * 3 * (1 + 1/2 + 1/3) = 11 interactions.
        #expect(abs(e[OutcomeName.interactions]! - 11) < 1e-12)
        #expect(abs(e[OutcomeName.time]! - 11.0 / 4) < 1e-12)
    }

    @Test func registeredInCatalog() {
        #expect(ProtocolFamily.catalog.plugins.contains { $0.descriptor.name == "epidemic" })
        #expect(ProtocolFamily.catalog.tasks.contains { $0.name == "broadcast" })
    }
}
