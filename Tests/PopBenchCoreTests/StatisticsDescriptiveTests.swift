import Foundation
import Testing
import PopBenchCore

/// Descriptive statistics, Student-t quantiles and intervals, Wilson intervals.
@Suite struct StatisticsDescriptiveTests {
    @Test func summaryOfSmallSample() {
        let s = Statistics.summary([4, 1, 3, 2, 5])
        #expect(s.count == 5)
        #expect(s.mean == 3)
        #expect(abs(s.sd - 2.5.squareRoot()) < 1e-12)  // sum of squares 10 over n - 1 = 4
        #expect(s.median == 3)
        #expect(s.q25 == 2 && s.q75 == 4)
        #expect(s.min == 1 && s.max == 5)
    }

    @Test func quantileInterpolatesLinearly() {
        // Type 7 (numpy default): h = p (n - 1); numpy.quantile([1,2,3,4], 0.1) = 1.3.
        #expect(abs(Statistics.quantile([4, 3, 2, 1], 0.1) - 1.3) < 1e-12)
        #expect(Statistics.median([1, 2, 3, 4]) == 2.5)
        #expect(Statistics.quantile([7], 0.3) == 7)
        #expect(Statistics.median([]).isNaN)
    }

    @Test func censoredInfinityKeepsOrderStatistics() {
        let x: [Double] = [3, .infinity, 1, .infinity, 2]
        #expect(Statistics.median(x) == 3)
        #expect(Statistics.quantile(x, 0.25) == 2)
        #expect(Statistics.quantile(x, 0.75) == .infinity)
        // Exactly on a finite order statistic whose neighbour is infinite: no 0 * inf = NaN.
        #expect(Statistics.quantile([1, 2, .infinity], 0.5) == 2)
        #expect(Statistics.median([1, .infinity]) == .infinity)
        #expect(Statistics.median([1, 2, .infinity, .infinity, .infinity]) == .infinity)
        let s = Statistics.summary(x)
        #expect(s.mean == .infinity)
        #expect(s.sd.isNaN)
        #expect(s.median == 3 && s.min == 1 && s.max == .infinity)
    }

    @Test func studentQuantileMatchesReference() throws {
        // scipy.stats.t.ppf(0.975, 9) = 2.262157162798205 (also the textbook 2.2622).
        #expect(abs(try Statistics.studentQuantile(p: 0.975, dof: 9) - 2.2621571627) < 1e-9)
        // Symmetry, and the normal limit 1.959963984540054 for large dof.
        #expect(abs(try Statistics.studentQuantile(p: 0.025, dof: 9) + 2.2621571627) < 1e-9)
        #expect(abs(try Statistics.studentQuantile(p: 0.975, dof: 1e9) - 1.959963984540054) < 1e-6)
    }

    @Test func studentQuantileRejectsBadInputInsteadOfAborting() {
        // With GSL's default handler gsl_cdf_tdist_Pinv(0.975, -1) aborts the process.
        #expect(throws: NumericalError.self) { try Statistics.studentQuantile(p: 0.975, dof: -1) }
        #expect(throws: NumericalError.self) { try Statistics.studentQuantile(p: 1, dof: 5) }
        #expect(throws: NumericalError.self) { try Statistics.studentQuantile(p: 0.5, dof: .nan) }
    }

    @Test func meanIntervalByHand() throws {
        // x = 4.1 5.3 3.8 6.0 5.1: mean 4.86, sd 0.9016651263, t_{0.975,4} = 2.7764451052,
        // half-width 2.7764451052 * 0.9016651263 / sqrt(5) = 1.1195651258
        // (scipy: [3.740434874227521, 5.979565125772478]).
        let ci = try Statistics.meanInterval([4.1, 5.3, 3.8, 6.0, 5.1], level: 0.95)
        #expect(abs(ci.low - 3.740434874227521) < 1e-9)
        #expect(abs(ci.high - 5.979565125772478) < 1e-9)
        #expect(ci.level == 0.95)
        #expect(abs(ci.halfWidth - 1.1195651258) < 1e-9)
    }

    @Test func meanIntervalRejectsDegenerateInput() {
        #expect(throws: NumericalError.self) { try Statistics.meanInterval([1]) }
        #expect(throws: NumericalError.self) { try Statistics.meanInterval([1, .infinity]) }
        #expect(throws: NumericalError.self) { try Statistics.meanInterval([1, 2], level: 1) }
    }

    @Test func wilsonIntervalMatchesScipy() {
        // scipy.stats.binomtest(k, n).proportion_ci(0.95, method="wilson").
        let cases: [(Int, Int, Double, Double)] = [
            (0, 10, 0.0, 0.27753279986288926),
            (7, 20, 0.1811918241010821, 0.5671457233147637),
            (95, 100, 0.8882495307680809, 0.978456320845632),
        ]
        for (k, n, low, high) in cases {
            let ci = Statistics.wilsonInterval(successes: k, trials: n)
            #expect(abs(ci.low - low) < 1e-9, "\(k)/\(n)")
            #expect(abs(ci.high - high) < 1e-9, "\(k)/\(n)")
        }
        #expect(Statistics.wilsonInterval(successes: 0, trials: 0) == Interval(low: 0, high: 1, level: 0.95))
    }

    @Test func expectedRuntimeCountsFailures() {
        #expect(Statistics.expectedRuntime(costs: [10, 20, 100, 100], successes: 2) == 115)
        #expect(Statistics.expectedRuntime(costs: [100], successes: 0) == .infinity)
    }
}
