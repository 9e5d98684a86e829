import Foundation
import PopBenchCore
import PopBenchOptimization
import Testing

/// The discrete-event wall clock against closed forms (constant compute c, no stragglers, no
/// overlap), against the theory of persistent stragglers, and the bytes clock.
@Suite struct WallClockTests {
    // c = 1 ms per gradient, alpha = 0.2 ms, beta = 1 GB/s, M = 1 MB: alpha + M/beta = 1.2 ms.
    static let c = 1e-3, alpha = 2e-4, beta = 1e9, m = 1e6
    static let costs = ["compute": "constant", "compute-time": "0.001", "latency": "0.0002",
                        "bandwidth": "1e9", "model-bytes": "1e6"]

    func rate(_ plugin: String, n: Int, budget: Double = 40, _ extra: [String: String] = [:]) throws -> Double {
        let r = try Fixture.run(plugin, task: "linreg", n: n, budget: budget, Self.costs.merging(extra) { $1 })
        return (r.outcomes["grads"] ?? 0) / (r.outcomes["wall"] ?? 0)
    }

    func ring(_ n: Int) -> Double {
        2 * Double(n - 1) * Self.alpha + 2 * (Double(n - 1) / Double(n)) * Self.m / Self.beta
    }

    /// PopSGD one-sided (the reference code's loop): n / (c + alpha + M/beta).
    @Test(arguments: [16, 64]) func popsgdOneSidedClosedForm(n: Int) throws {
        let predicted = Double(n) / (Self.c + Self.alpha + Self.m / Self.beta)
        let r = try rate("popsgd", n: n, ["averaging": "one-sided"])
        #expect(abs(r / predicted - 1) < 0.02, "measured \(r), predicted \(predicted)")
    }

    /// Ring PSGD: n / (c + 2(n-1) alpha + 2((n-1)/n) M/beta).
    @Test(arguments: [16, 64]) func psgdRingClosedForm(n: Int) throws {
        let predicted = Double(n) / (Self.c + ring(n))
        let r = try rate("psgd", n: n)
        #expect(abs(r / predicted - 1) < 0.02, "measured \(r), predicted \(predicted)")
    }

    /// Tree (Rabenseifner) PSGD: n / (c + 2 log2(n) alpha + 2((n-1)/n) M/beta).
    @Test func psgdTreeClosedForm() throws {
        let n = 64
        let tree = 2 * 6 * Self.alpha + 2 * (63.0 / 64) * Self.m / Self.beta
        let r = try rate("psgd", n: n, ["allreduce": "tree"])
        #expect(abs(r / (Double(n) / (Self.c + tree)) - 1) < 0.02)
    }

    /// Local SGD with H = 4: n H / (H c + ring all-reduce).
    @Test func localSGDClosedForm() throws {
        let n = 32, h = 4.0
        let predicted = Double(n) * h / (h * Self.c + ring(n))
        let r = try rate("localsgd", n: n, ["local-steps": "4"])
        #expect(abs(r / predicted - 1) < 0.02, "measured \(r), predicted \(predicted)")
    }

    /// Persistent stragglers, free communication: a fraction f = 1/4 of n = 32 nodes (k = 8) is
    /// s = 4 times slower. Ideal rate (every node busy at its own speed): (n - k + k/s) / c = 26/c.
    /// Synchronous PSGD waits for a straggler every round: n / (s c) = 8/c, efficiency
    /// n / (s (n - k) + k) = 32/104 = 0.308. One-sided PopSGD and AD-PSGD never wait: efficiency 1.
    @Test func stragglersCostSynchronousMethodsWhatTheoryPredicts() throws {
        let free = ["latency": "0", "model-bytes": "1", "straggler-fraction": "0.25", "straggler-factor": "4"]
        let ideal = 26 / Self.c
        let psgd = try rate("psgd", n: 32, free)
        #expect(abs(psgd / ideal - 32.0 / 104) < 0.02 * 32 / 104, "psgd efficiency \(psgd / ideal)")
        for (plugin, extra) in [("popsgd", ["averaging": "one-sided"]), ("adpsgd", [:])] {
            let r = try rate(plugin, n: 32, budget: 200, free.merging(extra) { $1 })
            #expect(abs(r / ideal - 1) < 0.02, "\(plugin) efficiency \(r / ideal)")
        }
    }

    /// The bytes clock: a one-sided get moves M bytes per event (B n events in B units of parallel
    /// time: B M per node); ring PSGD sends 2((n-1)/n) M per node per round.
    @Test func bytesPerNode() throws {
        let one = try Fixture.run("popsgd", n: 16, budget: 10, Self.costs.merging(["averaging": "one-sided"]) { $1 })
        #expect(abs(try #require(one.outcomes["bytes"]) - 10 * Self.m) < 1e-6 * Self.m)
        #expect(one.series.clocks[Clock.bytes.rawValue]?.isEmpty == false)
        let psgd = try Fixture.run("psgd", n: 16, budget: 10, Self.costs)
        #expect(abs(try #require(psgd.outcomes["bytes"]) - 10 * 2 * (15.0 / 16) * Self.m) < 1e-6 * Self.m)
    }

    /// Same seed, same wall clock; the straggler set and the noise come from the trial's seed.
    @Test func deterministic() throws {
        let opts = ["compute": "lognormal", "straggler-fraction": "0.2", "averaging": "one-sided"]
        for plugin in ["popsgd", "adpsgd", "sgp"] {
            let a = try Fixture.run(plugin, n: 9, budget: 20, seed: 4, opts)
            let b = try Fixture.run(plugin, n: 9, budget: 20, seed: 4, opts)
            #expect(a.series == b.series, "\(plugin)")
        }
    }

    /// AD-PSGD's active/passive split works for odd n and still finds the optimum of mean estimation.
    @Test(arguments: [3, 7]) func adpsgdOddN(n: Int) throws {
        let rec = try Fixture.run("adpsgd", n: n, budget: 2000, ["compute": "lognormal"])
        #expect(rec.status == .ok)
        #expect(try #require(rec.series.metrics["error"]?.last) < 0.05)
    }

    /// OSGP overlaps communication: with links as slow as compute it is faster on the wall clock
    /// than SGP, keeps the push-sum weights summing to n, and still converges.
    @Test func sgpOverlapHidesCommunication() throws {
        let slow = ["latency": "0.001", "model-bytes": "1"]
        let plain = try Fixture.run("sgp", n: 16, budget: 200, slow)
        let over = try Fixture.run("sgp", n: 16, budget: 200, slow.merging(["overlap": "true"]) { $1 })
        #expect(try #require(over.outcomes["wall"]) < 0.7 * (try #require(plain.outcomes["wall"])))
        #expect(abs(try #require(over.outcomes["weight-sum"]) - 16) < 1e-9)
        #expect(try #require(over.series.metrics["error"]?.last) < 0.05)
    }
}

/// Network presets and the profile file format.
@Suite struct NetworkProfileTests {
    static var dataDir: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("data/networks")
    }

    @Test func shippedFilesMatchThePresets() throws {
        for (file, name) in [("aries.json", "aries"), ("ib-edr.yaml", "ib-edr"), ("10gbe.json", "10gbe")] {
            let p = try NetworkProfile.resolve(Self.dataDir.appendingPathComponent(file).path)
            let preset = try NetworkProfile.resolve(name)
            #expect(p.latency == preset.latency && p.bandwidth == preset.bandwidth && p.name == name)
            #expect(!preset.source.isEmpty)
        }
    }

    @Test func explicitValuesWinOverThePreset() throws {
        let o = try NetworkProfile.expand(["network": "aries", "latency": "0.01"])
        #expect(o["latency"] == "0.01" && o["bandwidth"] != nil && o["network"] == nil)
    }

    @Test func badProfilesAreUsageErrors() {
        #expect(throws: UsageError.self) { try NetworkProfile.resolve("no-such-network") }
        #expect(throws: UsageError.self) { try NetworkProfile.parse("latency: 1e-6") }
        #expect(throws: UsageError.self) { try NetworkProfile.parse("{\"latency\": -1, \"bandwidth\": 1}") }
        #expect(throws: UsageError.self) { try NetworkProfile.parse("latency 1") }
    }
}
