import Foundation
import PopBenchCore
import PopBenchProtocols
import Testing

/// The approximate tau engine: its Poisson sampler, its error against the exact batch engine
/// at n = 10^6, and a run at Avogadro scale.
@Suite struct TauEngineTests {
    /// Poisson deviates have mean and variance equal to the mean, on every sampler branch
    /// (inversion, PTRS, normal approximation). 20,000 draws: the sample mean's standard error
    /// is sqrt(mean / 20000); the sample variance's relative standard error is about
    /// sqrt(2 / 20000) = 1% (plus 1/mean from the fourth cumulant), so 5% is over 4 sigma.
    @Test(arguments: [0.3, 4.0, 37.0, 12_345.0, 3e9, 6e23])
    func poissonMoments(mean: Double) {
        var rng = Xoshiro256(seed: 99)
        let draws = (0..<20_000).map { _ in PoissonSampler.sample(mean: mean, rng: &rng) }
        #expect(draws.allSatisfy { $0 >= 0 && $0 == $0.rounded() })
        let m = TestStats.mean(draws), v = TestStats.sd(draws) * TestStats.sd(draws)
        #expect(abs(m - mean) < 5 * (mean / 20_000).squareRoot(), "mean \(m) for \(mean)")
        #expect(abs(v / mean - 1) < 0.05, "variance \(v) for \(mean)")
    }

    /// The tau engine's error at n = 10^6 against the exact batch engine, same plugin and
    /// parameters, 100 trials each (the epidemic's convergence is a count predicate): relative
    /// error of the mean convergence time and the KS distance between the two samples.
    /// Tolerances: the mean within 2% (the difference of the two sample means has a standard
    /// error of 0.5-1.2% here; measured differences in the README), and a KS distance below 0.25
    /// (the 1% critical value for two samples of 100 is 0.23).
    @Test(arguments: [("am3", "majority", [String: String]()), ("em4", "majority", ["gap": "0.1"]),
                      ("epidemic", "broadcast", [:])])
    func agreesWithBatchAtMillion(name: String, task: String, params: [String: String]) throws {
        let plugin = catalogPlugin(name)
        var times: [String: [Double]] = [:]
        for engine in ["batch", "tau"] {
            var p = params; p["engine"] = engine
            let recs = try runTrials(plugin, task: task, n: 1_000_000, params: p, trials: 100, master: 41)
            #expect(recs.allSatisfy { $0.status == .ok }, "\(name) \(engine): a trial timed out")
            #expect(recs.allSatisfy { ($0.outcomes[OutcomeName.correct] ?? 1) == 1 }, "\(name) \(engine): a wrong consensus")
            times[engine] = recs.map { $0.outcomes[OutcomeName.time]! }
        }
        let exact = times["batch"]!, tau = times["tau"]!
        let relative = TestStats.mean(tau) / TestStats.mean(exact) - 1
        let ks = TestStats.kolmogorovSmirnov(exact, tau)
        print("tau vs batch \(name) n=1e6: mean \(TestStats.mean(exact)) / \(TestStats.mean(tau)), relative error \(relative), KS D = \(ks.d), p = \(ks.p)")
        #expect(abs(relative) < 0.02, "\(name): relative error of the mean \(relative)")
        #expect(ks.d < 0.25, "\(name): KS distance \(ks.d)")
    }

    /// am3 at n = 6.02 x 10^23 with a 2% margin: converges to the majority at
    /// a parallel time that continues the O(log n) law (between ln n and 5 ln n; at n = 10^6
    /// the mean is about 2 ln n).
    @Test func avogadroScale() {
        let table = AM3.table
        let n = 6.02e23
        var counts = [Double](repeating: 0, count: table.stateCount)
        let a = table.spec.states.firstIndex(of: "A")!, b = table.spec.states.firstIndex(of: "B")!
        counts[a] = (n * 0.51).rounded(); counts[b] = n - counts[a]
        var rng = Xoshiro256(seed: 5)
        let r = TauEngine.run(table, counts: counts, maxInteractions: 1000 * n, rng: &rng)
        let time = r.interactions / n, logN = Foundation.log(n)
        print("tau am3 n=6.02e23: parallel time \(time) (ln n = \(logN))")
        // Counts above 2^53 are rounded Doubles: A holds n up to that rounding, B and U exactly 0.
        #expect(r.converged && abs(r.counts[a] / n - 1) < 1e-12 && r.counts.indices.allSatisfy { $0 == a || r.counts[$0] == 0 })
        #expect(time > logN && time < 5 * logN)
    }

    /// Through the plugin, at the largest size the harness stores: `--engine tau` at n = 9e18
    /// records a real-valued interaction count (budget x n exceeds UInt64) and the right answer.
    @Test func pluginAtLargestStoredSize() throws {
        let n = 9_000_000_000_000_000_000
        let recs = try runTrials(catalogPlugin("am3"), task: "majority", n: n, params: ["engine": "tau"], trials: 3, master: 3)
        for r in recs {
            let time = r.outcomes[OutcomeName.time]!, interactions = r.outcomes[OutcomeName.interactions]!
            #expect(r.status == .ok && r.outcomes[OutcomeName.correct] == 1)
            #expect(interactions > 1.8e19 && abs(interactions / Double(n) / time - 1) < 1e-12)
        }
        #expect(try NumberList.sizes("9e18") == [n])
        #expect(throws: UsageError.self) { try NumberList.sizes("6.02e23") }
    }
}
