import Foundation
import Testing
import PopBenchCore

/// Percentile bootstrap intervals: determinism, coverage sanity, infinite entries.
@Suite struct StatisticsBootstrapTests {
    @Test func sameSeedSameInterval() {
        var rng = Xoshiro256(seed: 11)
        let x = (0..<60).map { _ in rng.exponential() }
        let a = Statistics.bootstrapInterval(x, level: 0.95, resamples: 500, seed: 42, statistic: Statistics.median)
        let b = Statistics.bootstrapInterval(x, level: 0.95, resamples: 500, seed: 42, statistic: Statistics.median)
        let c = Statistics.bootstrapInterval(x, level: 0.95, resamples: 500, seed: 43, statistic: Statistics.median)
        #expect(a == b)
        #expect(a != c)
        #expect(a.low < a.high && a.level == 0.95)
    }

    @Test func medianIntervalOfOneToHundredOneContainsMiddle() {
        let x = (1...101).map(Double.init)
        let ci = Statistics.bootstrapInterval(x, level: 0.95, resamples: 2000, seed: 7, statistic: Statistics.median)
        #expect(ci.contains(51))
        // The order-statistic interval for the median of 101 is about ranks 41..61.
        #expect(ci.low > 35 && ci.high < 67)
        let meanCI = Statistics.bootstrapInterval(x, level: 0.95, seed: 7, statistic: Statistics.mean)
        #expect(meanCI.contains(51))
    }

    @Test func censoredSamplesGiveInfiniteUpperEnd() {
        // 8 of 20 trials failed (+inf): the median is finite but the resampled medians often
        // land on +inf, so the upper end is infinite.
        let x: [Double] = (1...12).map(Double.init) + [Double](repeating: .infinity, count: 8)
        let ci = Statistics.bootstrapInterval(x, level: 0.95, resamples: 1000, seed: 1, statistic: Statistics.median)
        #expect(ci.low.isFinite && ci.high == .infinity)
    }

    @Test func ratioIntervalOfIndependentSamples() {
        var rng = Xoshiro256(seed: 5)
        let base = (0..<80).map { _ in 10 + rng.normal() }
        let fast = (0..<80).map { _ in 5 + 0.5 * rng.normal() }
        let ci = Statistics.bootstrapRatioInterval(numerator: fast, denominator: base, level: 0.95,
                                                   resamples: 1000, seed: 9, statistic: Statistics.median)
        #expect(ci.contains(0.5))
        #expect(ci.low > 0.4 && ci.high < 0.6)
        let again = Statistics.bootstrapRatioInterval(numerator: fast, denominator: base, level: 0.95,
                                                      resamples: 1000, seed: 9, statistic: Statistics.median)
        #expect(ci == again)
    }

    @Test func ratioWithInfinitiesAndUnknowns() {
        // Numerator always censored: every ratio is +inf.
        let allFail = Statistics.bootstrapRatioInterval(numerator: [.infinity, .infinity], denominator: [1, 2],
                                                        resamples: 200, seed: 3, statistic: Statistics.median)
        #expect(allFail.low == .infinity && allFail.high == .infinity)
        // Denominator always censored: every ratio is 0.
        let baselineFails = Statistics.bootstrapRatioInterval(numerator: [1, 2], denominator: [.infinity],
                                                              resamples: 200, seed: 3, statistic: Statistics.median)
        #expect(baselineFails.low == 0 && baselineFails.high == 0)
        // Both censored: inf / inf is unknown, so the interval is the whole [0, inf].
        let unknown = Statistics.bootstrapRatioInterval(numerator: [.infinity], denominator: [.infinity],
                                                        resamples: 50, seed: 3, statistic: Statistics.median)
        #expect(unknown.low == 0 && unknown.high == .infinity)
    }

    @Test func pairedRatioKeepsThePairing() {
        // Each seed has its own difficulty (shared by both plugins); plugin A is exactly
        // 0.8 times B on every seed, so the paired ratio of means is 0.8 in every resample.
        var rng = Xoshiro256(seed: 17)
        let difficulty = (0..<40).map { _ in 100 * rng.exponential() + 1 }
        let b = difficulty, a = difficulty.map { 0.8 * $0 }
        let paired = Statistics.bootstrapPairedRatioInterval(numerator: a, denominator: b, level: 0.95,
                                                             resamples: 500, seed: 2, statistic: Statistics.mean)
        #expect(abs(paired.low - 0.8) < 1e-12 && abs(paired.high - 0.8) < 1e-12)
        // Resampled independently, the same data gives a wide interval.
        let independent = Statistics.bootstrapRatioInterval(numerator: a, denominator: b, level: 0.95,
                                                            resamples: 500, seed: 2, statistic: Statistics.mean)
        #expect(independent.width > 0.2)
    }
}
