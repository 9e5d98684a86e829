import PopBenchCore
import PopBenchOptimization
import PopBenchSuite
import Testing

/// `popbench throughput`: the shape of the seed paper's figure under the cost model.
@Suite struct ThroughputTests {
    func rows(latency: String) throws -> [Throughput.Row] {
        try Throughput.run(Throughput.Request(nodes: [16, 64], budget: 50, trials: 2, overrides: ["latency": latency]))
    }

    /// High latency (1 ms per message, 1 ms per gradient): the ring all-reduce's 2(n-1) alpha makes
    /// PSGD's samples/s flat in n, while every gossip or pairwise algorithm gains at least 3x from
    /// 16 to 64 nodes (4x is linear).
    @Test func allReduceScalesWorstUnderHighLatency() throws {
        let r = try rows(latency: "1e-3")
        func rate(_ p: String, _ n: Int) throws -> Double {
            try #require(r.first { $0.plugin == p && $0.n == n }).samplesPerSecond
        }
        #expect(try rate("psgd", 64) / rate("psgd", 16) < 1.2)
        for p in ["dpsgd", "adpsgd", "sgp", "popsgd"] {
            let gain = try rate(p, 64) / rate(p, 16)
            #expect(gain > 3 && gain < 4.2, "\(p): 16 -> 64 nodes gains \(gain)x")
            #expect(try rate(p, 64) > 5 * rate("psgd", 64))
        }
        for row in r {
            #expect(row.efficiency > 0 && row.efficiency <= 1.0001, "\(row.plugin) n=\(row.n): efficiency \(row.efficiency)")
            #expect(row.ciLow <= row.samplesPerSecond && row.samplesPerSecond <= row.ciHigh)
        }
    }

    /// With free communication and constant compute, synchronous PSGD computes all the time.
    @Test func psgdIsIdealWithoutCommunicationCost() throws {
        let r = try Throughput.run(Throughput.Request(plugins: ["psgd"], nodes: [16], budget: 20, trials: 1,
                                                      overrides: ["latency": "0", "model-bytes": "1"]))
        #expect(abs(r[0].efficiency - 1) < 1e-5, "\(r[0])")   // M/beta of 1 byte: 1e-9 s
    }

    @Test func badRequestsAreUsageErrors() {
        #expect(throws: UsageError.self) { try Throughput.validate(Throughput.Request(plugins: ["nosuch"])) }
        #expect(throws: UsageError.self) { try Throughput.validate(Throughput.Request(nodes: [1, 16])) }
        #expect(throws: UsageError.self) { try Throughput.validate(Throughput.Request(trials: 0)) }
        #expect(throws: UsageError.self) { try Throughput.validate(Throughput.Request(overrides: ["latency": "-1"])) }
        #expect(throws: UsageError.self) { try Throughput.validate(Throughput.Request(overrides: ["compute": "gamma"])) }
    }
}
