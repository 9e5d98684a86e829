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

    /// PopSGD one-sided (the reference code's loop): n / (c + alpha + M/beta) where no get waits
    /// for a busy link: latency 1.2 ms (in flight, holds no link) and a 1-byte model.
    @Test(arguments: [16, 64]) func popsgdOneSidedClosedForm(n: Int) throws {
        let predicted = Double(n) / (Self.c + 1.2e-3 + 1 / Self.beta)
        let r = try rate("popsgd", n: n, ["averaging": "one-sided", "latency": "0.0012", "model-bytes": "1"])
        #expect(abs(r / predicted - 1) < 0.02, "measured \(r), predicted \(predicted)")
    }

    /// Contention: k readers of one node's model, all ready at once, are served one after another
    /// by its outgoing link, so the m-th get arrives at alpha + m M/beta and the k readers take
    /// about k times one transfer; other links are not held (node 0 receives at once, full duplex),
    /// and transfers between disjoint pairs do not queue.
    @Test func kReadersOfOneNodeQueueOnItsLink() {
        let alpha = 1e-5, beta = 1e9, m = 1e6, k = 8   // M/beta = 1 ms
        var sim = DeploymentSimulator(n: k + 2, cost: CostModel(latency: alpha, bandwidth: beta, modelBytes: m),
                                      rng: Xoshiro256(seed: 1))
        var arrivals: [Double] = []
        for reader in 1...k { arrivals.append(sim.transfer(from: 0, to: reader, bytes: m, ready: 0)) }
        for (i, a) in arrivals.enumerated() {
            #expect(abs(a - (alpha + Double(i + 1) * m / beta)) < 1e-15, "reader \(i + 1): \(a)")
        }
        let one = alpha + m / beta
        #expect(abs(arrivals[k - 1] / one - Double(k)) < 0.1, "k readers took \(arrivals[k - 1] / one) transfers")
        // node 0's incoming link is free: a get of node k+1's model by node 0 does not wait
        #expect(abs(sim.transfer(from: k + 1, to: 0, bytes: m, ready: 0) - one) < 1e-15)
        // a later request waits for the queue; one requested after the queue drained does not
        #expect(abs(sim.transfer(from: 0, to: 1, bytes: m, ready: 0) - (alpha + Double(k + 1) * m / beta)) < 1e-15)
        #expect(abs(sim.transfer(from: 0, to: 2, bytes: m, ready: 1) - (1 + one)) < 1e-15)
    }

    /// The link bound on the simulated clock: every get enters its reader's incoming link, which
    /// serves one transfer at a time, so with c = 0 and alpha = 0 one-sided PopSGD's n nodes do at
    /// most n beta/M gets per second in total (without links the rate would be infinite). Gets
    /// that queue at a busy sender keep it below the bound.
    @Test func oneSidedGetsNeverBeatTheLinkRate() throws {
        let r = try rate("popsgd", n: 16, ["averaging": "one-sided", "compute-time": "0", "latency": "0"])
        let bound = 16 * Self.beta / Self.m
        #expect(r <= bound * (1 + 1e-9), "rate \(r) above the link bound \(bound)")
        #expect(r > 0.5 * bound, "rate \(r) far below the link bound \(bound)")
    }

    /// SGP's reference graph (facebookresearch/stochastic_gradient_push,
    /// DynamicDirectedExponentialGraph): +1, -1, +2, -2, ..., duplicates dropped; forward: +2^k.
    @Test func sgpGraphs() {
        #expect(SGP.offsets(n: 32, graph: .exponential) == [1, 31, 2, 30, 4, 28, 8, 24, 16])
        #expect(SGP.offsets(n: 2, graph: .exponential) == [1])
        #expect(SGP.offsets(n: 5, graph: .exponential) == [1, 4, 2, 3])
        #expect(SGP.offsets(n: 32, graph: .forward) == [1, 2, 4, 8, 16])
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
