import PopBenchCore
import PopBenchProtocols
import Testing

/// The multibatch path of the batch engine (n >= BatchEngine.multibatchMinimum) agrees in
/// distribution with the agent engine, convergence inside a multibatch included (the observed
/// re-run and its time-ordered replay, `MultibatchTimeline`).
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

    /// The first time inside one multibatch, against its closed form. A two-way epidemic at
    /// n = 10^5 from 50,000 informed agents with convergence count(I) >= 50,100: each
    /// interaction informs with p_i = 2 i (n - i) / (n (n - 1)), about 1/2, so T (interactions)
    /// is a sum of 100 geometric waits, mean sum 1/p_i (about 200) and variance
    /// sum (1 - p_i)/p_i^2 (sd about 14), while the first multibatch is about 700 interactions
    /// long: T's whole law comes from the replay of the converging batch. 2000 trials: the mean
    /// within 4.5 standard errors (about 1.4 interactions) and the sd within 15% (about 5 of its
    /// standard errors). Giving the bulk pairs to the fresh interactions in the order the
    /// matching made them (no shuffle) fails it: mean 190.7, sd 88.6. The same with the replay
    /// limit at 0, for the rejection that batches beyond `BatchEngine.replayLimit` use.
    @Test(arguments: [BatchEngine.replayLimit, 0])
    func firstTimeInsideAMultibatchMatchesItsClosedForm(replayLimit: UInt64) throws {
        let n = 100_000, start = 50_000, target = 50_100
        let table = try twoWayEpidemic(convergence: "count(I) >= \(target)").fileTable
        let (mean, sd) = twoWayEpidemicWait(n: n, from: start, to: target)
        let counts = [start, n - start]
        var times: [Double] = []
        for t in 0..<2000 {
            var rng = Xoshiro256(seed: 5_000 + UInt64(t))
            let r = BatchEngine.run(table, counts: counts, maxInteractions: 1 << 20, rng: &rng, nullSkipping: .off,
                                    replayLimit: replayLimit)
            #expect(r.converged && r.counts[0] == target)
            times.append(Double(r.interactions))
        }
        let m = TestStats.mean(times), s = TestStats.sd(times)
        print("first time inside a multibatch, replay limit \(replayLimit): mean \(m) (exact \(mean)), sd \(s) (exact \(sd))")
        #expect(abs(m - mean) < 4.5 * sd / Double(times.count).squareRoot(), "mean \(m), exact \(mean)")
        #expect(abs(s / sd - 1) < 0.15, "sd \(s), exact \(sd)")
    }
}
