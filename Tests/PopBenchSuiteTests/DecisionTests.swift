import Testing
import PopBenchCore
import PopBenchSuite
import PopBenchOptimization
import PopBenchProtocols

@Suite struct DecisionTests {
    func metric(_ samples: [Double], kind: CheckKind = .quality, direction: MetricDirection = .lowerIsBetter) -> CheckSamples.Metric {
        .init(name: "m", kind: kind, direction: direction, tolerance: 0.10, unit: "", samples: samples)
    }

    /// Log-normal samples with median `scale` (fixed seed).
    func sample(_ count: Int, scale: Double, seed: UInt64) -> [Double] {
        var rng = Xoshiro256(seed: seed)
        return (0..<count).map { _ in scale * exp(0.3 * rng.normal()) }
    }

    @Test func sameDistributionIsNotARegression() {
        let d = Decision.decide(baseline: metric(sample(40, scale: 10, seed: 1)), current: sample(40, scale: 10, seed: 2))
        #expect(d.verdict == .ok)
    }

    @Test func muchWorseIsARegressionAndMuchBetterAnImprovement() {
        let base = metric(sample(40, scale: 10, seed: 1))
        #expect(Decision.decide(baseline: base, current: sample(40, scale: 20, seed: 2)).verdict == .regression)
        #expect(Decision.decide(baseline: base, current: sample(40, scale: 5, seed: 2)).verdict == .improved)
        // For a higher-is-better metric the same shift is the other way round.
        let acc = metric(sample(40, scale: 10, seed: 1), direction: .higherIsBetter)
        #expect(Decision.decide(baseline: acc, current: sample(40, scale: 5, seed: 2)).verdict == .regression)
    }

    @Test func smallSignificantChangeWithinToleranceIsNotARegression() {
        // 5% slower with 400 samples each: significant, but under the 10% tolerance.
        let d = Decision.decide(baseline: metric(sample(400, scale: 10, seed: 1)), current: sample(400, scale: 10.5, seed: 2))
        #expect(d.verdict == .ok)
    }

    @Test func exactCountsMustMatchExactly() {
        let base = metric([100, 200, 300], kind: .exact)
        #expect(Decision.decide(baseline: base, current: [100, 200, 300]).verdict == .ok)
        #expect(Decision.decide(baseline: base, current: [100, 201, 300]).verdict == .changed)
    }

    /// docs/design.md's rule must not be flaky: the baseline against fresh runs of the same code with
    /// ten other seeds never flags a regression (real trials of PopSGD and the epidemic).
    @Test func freshRunsOfTheSameCodePassTenOfTen() throws {
        let registry = Registry([OptimizationFamily.catalog, ProtocolFamily.catalog])
        let runner = CheckRunner(context: CheckContext(registry: registry, jobs: nil), quick: true, seed: 100,
                                 speedFails: true, only: ["quality/popsgd/mean/n64/time_to_target", "quality/epidemic"])
        let baseline = try runner.measure(arguments: [])
        #expect(baseline.metrics.count == 2)
        for seed in UInt64(1)...10 {
            var fresh = runner
            fresh.seed = seed
            let decisions = try fresh.compare(current: try fresh.measure(arguments: []), baseline: baseline, rerun: true)
            #expect(CheckRunner.exitCode(decisions) == 0, "seed \(seed): \(decisions.map { "\($0.name) \($0.verdict)" })")
        }
    }
}

import Foundation
