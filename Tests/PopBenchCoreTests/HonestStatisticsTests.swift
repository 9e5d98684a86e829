import Foundation
import Testing
import PopBenchCore
import PopBenchTestSupport

/// The statistics behind honest comparisons: the exact Mann-Whitney p-value, Holm-Bonferroni,
/// and shape ranking by AICc.
@Suite struct HonestStatisticsTests {
    /// Complete separation of 5 against 5: the exact two-sided p is 2 / C(10, 5) = 2/252, below
    /// alpha = 0.01, while the normal approximation cannot go below 0.0122.
    @Test func exactMannWhitneyReachesTheCheckLevelWithFiveAgainstFive() {
        let a = [10.0, 11, 12, 13, 14], b = [1.0, 2, 3, 4, 5]
        let exact = Statistics.mannWhitneyU(a, b)
        #expect(abs(exact.pValue - 2.0 / 252) < 1e-12)
        #expect(exact.pValue < 0.01)
        #expect(Statistics.mannWhitneyU(a, b, method: .asymptotic).pValue > 0.012)
    }

    /// The exact p against brute force: every way to choose which 8 of the 18 pooled values
    /// are `a`, with mid-ranks for ties and +infinity tying with itself.
    @Test func exactMannWhitneyMatchesEnumeration() {
        let a: [Double] = [3, 5, 5, 7, .infinity, .infinity, 9, 2]
        let b: [Double] = [1, 2, 2, 5, 4, 6, .infinity, 3, 3, 4]
        let pooled = (a + b).sorted()
        func midRank(_ v: Double) -> Double {
            let below = pooled.filter { $0 < v }.count, equal = pooled.filter { $0 == v }.count
            return Double(below) + Double(equal + 1) / 2
        }
        let ranks = pooled.map(midRank)
        let observed = a.map(midRank).reduce(0, +)
        let mean = Double(a.count) * Double(pooled.count + 1) / 2
        var extreme = 0, total = 0
        // Enumerate subsets of size 8 of 18 positions by bit masks.
        for mask in 0..<(1 << pooled.count) where mask.nonzeroBitCount == a.count {
            var sum = 0.0
            for i in 0..<pooled.count where mask & (1 << i) != 0 { sum += ranks[i] }
            total += 1
            if abs(sum - mean) >= abs(observed - mean) - 1e-9 { extreme += 1 }
        }
        let p = Statistics.mannWhitneyU(a, b).pValue
        #expect(abs(p - Double(extreme) / Double(total)) < 1e-12, "exact \(p), enumeration \(Double(extreme) / Double(total))")
        #expect(Statistics.mannWhitneyU(b, a).pValue == p)
    }

    /// Holm's step-down adjustment by hand: sorted p = 0.005, 0.01, 0.03, 0.04 times 4, 3, 2, 1,
    /// made monotone: 0.02, 0.03, 0.06, 0.06.
    @Test func holmAdjustmentByHand() {
        let adjusted = Statistics.holmAdjusted([0.01, 0.04, 0.03, 0.005])
        let expected = [0.03, 0.06, 0.06, 0.02]
        for (x, y) in zip(adjusted, expected) { #expect(abs(x - y) < 1e-12) }
        #expect(Statistics.holmAdjusted([0.9, 0.8]) == [1, 1])
        #expect(Statistics.holmAdjusted([0.2]) == [0.2])
    }

    /// Flat data (the same mean at every x) with noise: the constant law must usually rank
    /// first, which a criterion without a parameter penalty never allows. Under this null a
    /// numpy simulation of the same design (x = 8, 16, 32, three trials each, the seven
    /// standard shapes) gives 92%; with 200 seeded data sets the rate's sd is 1.9 points, so
    /// 85% is 3.7 sd below. Data with a real slope must rank a*x+b first.
    @Test func aiccLetsTheConstantLawWin() {
        var rng = Xoshiro256(seed: 42)
        let xs = [8.0, 8, 8, 16, 16, 16, 32, 32, 32]
        var constantFirst = 0
        for _ in 0..<200 {
            let ys = xs.map { _ in 1000 + 300 * rng.normal() }
            if Statistics.rankShapesByAICc(x: xs, y: ys).first?.fit.shape == .constant { constantFirst += 1 }
        }
        #expect(constantFirst >= 170, "constant ranked first in \(constantFirst) of 200")
        let sloped = xs.map { 50 * $0 + 100 + 20 * rng.normal() }
        #expect(Statistics.rankShapesByAICc(x: xs, y: sloped).first?.fit.shape == .linear)
        // AICc by hand: N = 9, RSS = 9, p = 2 gives 9 ln 1 + 4 + 12/6 = 6.
        #expect(abs(Statistics.aicc(rss: 9, points: 9, parameters: 2) - 6) < 1e-12)
    }

    /// Time to target is reported on every clock the trials record; final rows name their
    /// quality. (The toy records grads, parallel and wall, and only the average model.)
    @Test func timeToTargetOnEveryRecordedClock() throws {
        let request = ExperimentBuilder.Request(plugins: ["toy-decay"], task: "toy", sizes: [4])
        let (cells, _) = try ExperimentBuilder(registry: toyRegistry).cells(for: request)
        let spec = ExperimentSpec(command: "test", experiment: "toy", cells: cells, trials: 6, masterSeed: 3)
        let records = try Runner(registry: toyRegistry, jobs: 1).run(spec)
        let report = try Analyzer(registry: toyRegistry, spec: spec).analyze(records, runID: "r", resultsDir: "", plotsDir: nil).report
        let rows = report.rows.filter { $0.metric == "time_to_target" }
        #expect(Set(rows.map(\.clock)) == ["grads", "parallel", "wall"])
        // Without node-level series the average model decides, and the row says so.
        #expect(rows.allSatisfy { $0.quality == "avg" })
        #expect(report.rows.contains { $0.metric == "final_error" && $0.quality == "avg" })
    }
}
