import Foundation
import Testing
import PopBenchCore

/// Weighted linear fits, shape fits and their ranking.
@Suite struct StatisticsFitTests {
    @Test func exactLineIsRecoveredExactly() throws {
        let x: [Double] = [1, 2, 3, 4, 5]
        let fit = try Statistics.weightedLinearFit(x: x, y: x.map { 2 * $0 - 1 })
        #expect(abs(fit.slope - 2) < 1e-12 && abs(fit.intercept + 1) < 1e-12)
        #expect(abs(fit.r2 - 1) < 1e-12)
        #expect(fit.dof == 3)
        #expect(fit.slopeInterval.width < 1e-9)
        #expect(fit.residuals.allSatisfy { abs($0) < 1e-12 })
    }

    @Test func weightedFitMatchesNormalEquations() throws {
        // Reference by numpy: beta = (X'WX)^-1 X'Wy, s^2 = r'Wr/(n-2), cov = s^2 (X'WX)^-1,
        // half-widths t.ppf(0.975, 5) * sqrt(diag(cov)):
        // intercept -0.04040404 +- 0.4722762, slope 2.00555556 +- 0.10757825,
        // weighted R^2 0.9978275880310611.
        let x: [Double] = [1, 2, 3, 4, 5, 6, 7]
        let y = [2.1, 3.9, 6.2, 7.8, 10.1, 12.2, 13.8]
        let w: [Double] = [1, 2, 1, 3, 1, 2, 1]
        let fit = try Statistics.weightedLinearFit(x: x, y: y, weights: w)
        #expect(abs(fit.intercept + 0.04040404) < 1e-7)
        #expect(abs(fit.slope - 2.00555556) < 1e-7)
        #expect(abs(fit.interceptInterval.halfWidth - 0.4722762) < 1e-6)
        #expect(abs(fit.slopeInterval.halfWidth - 0.10757825) < 1e-7)
        #expect(abs(fit.r2 - 0.9978275880310611) < 1e-10)
        // Relative weights: scaling all weights changes nothing.
        let scaled = try Statistics.weightedLinearFit(x: x, y: y, weights: w.map { $0 * 37 })
        #expect(abs(scaled.slopeInterval.halfWidth - fit.slopeInterval.halfWidth) < 1e-10)
    }

    @Test func degenerateFitsThrow() {
        #expect(throws: NumericalError.self) { try Statistics.weightedLinearFit(x: [1, 1, 1], y: [1, 2, 3]) }
        #expect(throws: NumericalError.self) { try Statistics.weightedLinearFit(x: [1, 2], y: [1, 2]) }
        #expect(throws: NumericalError.self) { try Statistics.weightedLinearFit(x: [1, 2, 3], y: [1, 2]) }
        #expect(throws: NumericalError.self) {
            try Statistics.weightedLinearFit(x: [1, 2, 3], y: [1, 2, 3], weights: [1, -1, 1])
        }
        #expect(throws: NumericalError.self) { try Statistics.logLogSlope(x: [0, 1, 2], y: [1, 2, 3]) }
    }

    @Test func exactLogShapeIsFittedAndRankedFirst() throws {
        let x: [Double] = [10, 100, 1_000, 10_000, 100_000, 1_000_000]
        let y = x.map { 3 * log($0) + 2 }
        let fit = try Statistics.fitShape(.log, x: x, y: y, weights: nil, level: 0.95)
        #expect(abs(fit.a - 3) < 1e-10 && abs(fit.b - 2) < 1e-9)
        #expect(abs(fit.r2 - 1) < 1e-12)
        #expect(fit.rmsRelativeError < 1e-12)
        #expect(fit.aInterval.contains(fit.a) && fit.aInterval.width < 1e-8)
        #expect(abs(fit.predict(50) - (3 * log(50) + 2)) < 1e-9)
        let ranked = Statistics.rankShapes(x: x, y: y, weights: nil)
        #expect(ranked.first?.shape == .log)
        #expect(ranked.count == FitShape.standard.count)
        #expect(zip(ranked, ranked.dropFirst()).allSatisfy { $0.rmsRelativeError <= $1.rmsRelativeError })
    }

    @Test func rankingPicksOtherLawsToo() {
        let x: [Double] = [2, 4, 8, 16, 32, 64, 128]
        let quad = Statistics.rankShapes(x: x, y: x.map { 0.5 * $0 * $0 + 7 }, weights: nil)
        #expect(quad.first?.shape == .quadratic)
        let nlogn = Statistics.rankShapes(x: x, y: x.map { 4 * $0 * log($0) + 1 }, weights: nil)
        #expect(nlogn.first?.shape == .xlogx)
        let flat = Statistics.rankShapes(x: x, y: [5, 5, 5, 5, 5, 5, 5], weights: nil)
        #expect(flat.first?.shape == .constant)
        #expect(flat.first?.b == 5 && flat.first?.r2 == 1)
    }

    @Test func constantShapeIsAWeightedMean() throws {
        // Weighted mean (1*1 + 3*3) / 4 = 2.5; s^2 = (1*1.5^2 + 3*0.5^2)/1 = 3,
        // half-width t_{0.975,1} * sqrt(3/4) = 12.706204736174707 * 0.8660254037844386.
        let fit = try Statistics.fitShape(.constant, x: [1, 2], y: [1, 3], weights: [1, 3], level: 0.95)
        #expect(fit.a == 0 && fit.b == 2.5)
        #expect(abs(fit.bInterval.halfWidth - 12.706204736174707 * 0.8660254037844386) < 1e-8)
        #expect(fit.dof == 1 && fit.r2 == 0)
    }

    @Test func shapesUndefinedAtSomeXAreSkipped() {
        // log(0) is -inf: the log laws cannot be fitted and are left out of the ranking.
        let x: [Double] = [0, 1, 2, 3, 4]
        let ranked = Statistics.rankShapes(x: x, y: x.map { 2 * $0 + 1 }, weights: nil)
        #expect(ranked.first?.shape == .linear)
        #expect(!ranked.contains { $0.shape == .log || $0.shape == .xlogx || $0.shape == .log2 })
    }

    @Test func logLogSlopeOfInverseLaw() throws {
        // time = 1000 / n: exponent -1 (linear speedup), prefactor e^intercept = 1000.
        let n: [Double] = [1, 2, 4, 8, 16, 32]
        let fit = try Statistics.logLogSlope(x: n, y: n.map { 1000 / $0 }, weights: nil)
        #expect(abs(fit.slope + 1) < 1e-12)
        #expect(abs(exp(fit.intercept) - 1000) < 1e-8)
    }

    @Test func multiLinearFitRecoversExactPolynomialAndMatchesLineFit() throws {
        let x: [Double] = [1, 2, 3, 4, 5, 6]
        let exact = try Statistics.weightedMultiLinearFit(design: x.map { [1, $0, $0 * $0] },
                                                          y: x.map { 1 + 2 * $0 + 3 * $0 * $0 })
        for (c, expected) in zip(exact.coefficients, [1.0, 2, 3]) { #expect(abs(c - expected) < 1e-9) }
        #expect(exact.dof == 3 && abs(exact.r2 - 1) < 1e-12)
        // Two columns [1, x] reproduce weightedLinearFit (gsl_fit_wlinear), intervals included.
        let xs: [Double] = [1, 2, 3, 4, 5, 6, 7]
        let y = [2.1, 3.9, 6.2, 7.8, 10.1, 12.2, 13.8]
        let w: [Double] = [1, 2, 1, 3, 1, 2, 1]
        let line = try Statistics.weightedLinearFit(x: xs, y: y, weights: w)
        let multi = try Statistics.weightedMultiLinearFit(design: xs.map { [1, $0] }, y: y, weights: w)
        #expect(abs(multi.coefficients[0] - line.intercept) < 1e-10)
        #expect(abs(multi.coefficients[1] - line.slope) < 1e-10)
        #expect(abs(multi.intervals[1].halfWidth - line.slopeInterval.halfWidth) < 1e-10)
        #expect(abs(multi.r2 - line.r2) < 1e-12)
        #expect(throws: NumericalError.self) {
            try Statistics.weightedMultiLinearFit(design: [[1, 2], [1, 3]], y: [1, 2])
        }
    }
}
