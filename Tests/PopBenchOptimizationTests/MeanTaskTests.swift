import Foundation
import PopBenchCore
import PopBenchOptimization
import Testing

@Suite struct MeanTaskTests {
    @Test func sgdAndPopSGDReachTheClosedFormOptimum() throws {
        for plugin in ["sgd", "popsgd"] {
            let rec = try Fixture.run(plugin, n: 16, budget: 20_000, ["d": "5", "sigma": "1", "mu": "3"])
            let final = try #require(rec.outcomes[OutcomeName.finalValue])
            // expected error d sigma^2 / samples: 1e-4 (SGD: 2e4 samples) or less; 1e-2 is ~100 sd away
            #expect(final < 5e-3, "\(plugin): final error \(final)")
            #expect(rec.status == .ok)
        }
    }

    @Test func heterogeneousNodesConvergeToTheMeanOfTheirCenters() throws {
        let rec = try Fixture.run("popsgd", n: 8, budget: 20_000, ["d": "3", "heterogeneity": "2"])
        #expect(try #require(rec.outcomes[OutcomeName.finalValue]) < 5e-3)
    }

    @Test func pairwiseAveragingWithoutGradientsPreservesTheSum() {
        var rng = Xoshiro256(seed: 7)
        let n = 10, d = 4
        var x = (0..<(n * d)).map { _ in rng.normal() }
        let zero = [Double](repeating: 0, count: d)
        let before = (0..<d).map { k in (0..<n).reduce(0.0) { $0 + x[$1 * d + k] } }
        x.withUnsafeMutableBufferPointer { b in
            for _ in 0..<1000 {
                let i = Int(rng.bounded(UInt64(n)))
                var j = Int(rng.bounded(UInt64(n - 1))); if j >= i { j += 1 }
                PopSGD.interact(b.baseAddress! + i * d, b.baseAddress! + j * d, zero, zero, eta: 0, d: d)
            }
        }
        let after = (0..<d).map { k in (0..<n).reduce(0.0) { $0 + x[$1 * d + k] } }
        for k in 0..<d { #expect(abs(after[k] - before[k]) < 1e-12) }
        // and it contracts the disagreement towards the average
        let mean0 = before[0] / Double(n)
        #expect((0..<n).allSatisfy { abs(x[$0 * d] - mean0) < 1e-6 })
    }

    @Test func aFixedSeedGivesIdenticalTrials() throws {
        for plugin in ["sgd", "popsgd"] {
            let a = try Fixture.run(plugin, n: 8, budget: 50, seed: 99)
            let b = try Fixture.run(plugin, n: 8, budget: 50, seed: 99)
            let c = try Fixture.run(plugin, n: 8, budget: 50, seed: 100)
            #expect(a.series == b.series)
            #expect(a.outcomes == b.outcomes)
            #expect(a.series != c.series)
        }
    }

    @Test func checkpointsAreLogSpacedInParallelTime() throws {
        let rec = try Fixture.run("popsgd", n: 64, budget: 1000)
        let p = try #require(rec.series.clocks["parallel"])
        #expect(p.first == 1.0 / 64)
        #expect(p.last == 1000)
        // about 20 per decade over log10(1000*64) = 4.8 decades
        #expect(p.count > 80 && p.count < 110, "\(p.count) checkpoints")
        #expect(zip(p, p.dropFirst()).allSatisfy { $0 < $1 })
        #expect(rec.series.metrics["gamma"]?.count == p.count)
        // One gradient per event under the default one-sided rule: n events per unit.
        let grads = try #require(rec.series.clocks["grads"]?.last)
        #expect(grads == 64_000.0, "\(grads)")
    }

    /// Acceptance: at n = 64, PopSGD reaches the default target >= 10x sooner than SGD
    /// in parallel time (median over 20 trials, bootstrap CI of the ratio above 10).
    @Test func popSGDIsManyTimesFasterThanSGDAtSixtyFourNodes() throws {
        var sgd: [Double] = [], pop: [Double] = []
        let target = 10.0 / 1000
        for trial in 0..<20 {
            let s = try Fixture.run("sgd", n: 64, seed: UInt64(1000 + trial))
            let p = try Fixture.run("popsgd", n: 64, seed: UInt64(2000 + trial))
            sgd.append(Fixture.timeToTarget(s, metric: "error", target: target) ?? .infinity)
            pop.append(Fixture.timeToTarget(p, metric: "error", target: target) ?? .infinity)
        }
        let ratio = Fixture.median(sgd) / Fixture.median(pop)
        let (lo, hi) = Fixture.bootstrapRatio(sgd, pop)
        print("mean n=64: median TTT sgd \(Fixture.median(sgd)) popsgd \(Fixture.median(pop)) ratio \(ratio) CI [\(lo), \(hi)]")
        print("sgd TTT: \(sgd.sorted())")
        print("popsgd TTT: \(pop.sorted())")
        #expect(lo > 10)
    }
}
