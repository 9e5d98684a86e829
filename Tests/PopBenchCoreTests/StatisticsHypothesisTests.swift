import Foundation
import Testing
import PopBenchCore

/// Welch t, Mann-Whitney U and Kolmogorov-Smirnov against scipy 1.17.1 reference values.
@Suite struct StatisticsHypothesisTests {
    @Test func welchMatchesScipy() throws {
        let a = [19.1, 21.3, 20.2, 22.8, 18.7, 20.0, 21.9, 19.5]
        let b = [17.2, 23.9, 15.8, 22.4, 19.9, 16.5, 24.1, 18.0, 20.7, 16.9, 21.2]
        // scipy.stats.ttest_ind(a, b, equal_var=False):
        // statistic 0.7199473052519625, pvalue 0.4825270854851858, df 15.136798704734531.
        // Hedges' g with the exact gamma correction, computed with numpy/scipy.special.gammaln:
        // 0.28773631503536.
        let r = try Statistics.welchTTest(a, b)
        #expect(r.name == "welch-t")
        #expect(abs(r.statistic - 0.7199473052519625) < 1e-10)
        #expect(abs(try #require(r.dof) - 15.136798704734531) < 1e-9)
        #expect(abs(r.pValue - 0.4825270854851858) < 1e-9)
        #expect(abs(r.effectSize - 0.28773631503536) < 1e-10)
        #expect(r.effectName == "hedges-g")
        // Swapping the samples flips the sign of t and g, not p.
        let s = try Statistics.welchTTest(b, a)
        #expect(abs(s.statistic + r.statistic) < 1e-12 && abs(s.pValue - r.pValue) < 1e-12)
    }

    @Test func welchRejectsDegenerateInput() {
        #expect(throws: NumericalError.self) { try Statistics.welchTTest([1], [1, 2]) }
        #expect(throws: NumericalError.self) { try Statistics.welchTTest([1, 1], [2, 2]) }
        #expect(throws: NumericalError.self) { try Statistics.welchTTest([1, .infinity], [2, 3]) }
    }

    @Test func mannWhitneyMatchesScipy() {
        // Two samples of 9 with ties in b (data of R's ?wilcox.test example); reference from
        // scipy.stats.mannwhitneyu(a, b, use_continuity=True, method="asymptotic"):
        // U = 58.0, p = 0.13291945818531892. Hand check: U = R_a - 9*10/2 = 103 - 45 = 58.
        let a = [1.83, 0.50, 1.62, 2.48, 1.68, 1.88, 1.55, 3.06, 1.30]
        let b = [0.878, 0.647, 0.598, 2.05, 1.06, 1.29, 1.06, 3.14, 1.29]
        let r = Statistics.mannWhitneyU(a, b, method: .asymptotic)
        #expect(r.name == "mann-whitney")
        #expect(r.statistic == 58)
        #expect(r.dof == nil)
        #expect(abs(r.pValue - 0.13291945818531892) < 1e-10)
        #expect(abs(r.effectSize - 58.0 / 81) < 1e-12)
        #expect(r.effectName == "vargha-delaney-a12")
        let s = Statistics.mannWhitneyU(b, a, method: .asymptotic)
        #expect(s.statistic == 81 - 58 && abs(s.pValue - r.pValue) < 1e-12)
    }

    @Test func mannWhitneyHandlesTiesAndInfinity() {
        // Censored +inf values tie with each other. scipy.stats.mannwhitneyu(a, b,
        // use_continuity=True, method="asymptotic") with float('inf'): U = 58.0,
        // p = 0.11670910526625461.
        let a: [Double] = [3, 5, 5, 7, .infinity, .infinity, 9, 2]
        let b: [Double] = [1, 2, 2, 5, 4, 6, .infinity, 3, 3, 4]
        let r = Statistics.mannWhitneyU(a, b, method: .asymptotic)
        #expect(r.statistic == 58)
        #expect(abs(r.pValue - 0.11670910526625461) < 1e-10)
        // All values tied: no evidence at all.
        let t = Statistics.mannWhitneyU([.infinity, .infinity], [.infinity])
        #expect(t.pValue == 1 && t.effectSize == 0.5)
        #expect(Statistics.mannWhitneyU([], [1]).pValue.isNaN)
    }

    @Test func kolmogorovSmirnovAgainstScipy() {
        // Rounded draws from numpy.random.default_rng(3): normal(0, 1, 40), normal(0.6, 1.3, 55).
        let a = [2.041, -2.556, 0.418, -0.568, -0.453, -0.216, -2.02, -0.232, -0.865, 3.323, 0.226,
                 -0.353, -0.281, -0.668, -1.055, -0.391, 0.482, -0.239, 0.958, -0.2, 0.024, 1.546,
                 0.545, -0.505, -0.183, 0.541, 1.935, -0.27, -0.244, 1.002, -0.886, -0.292, 0.883,
                 0.58, 0.092, 0.67, -2.828, 1.021, -0.96, -1.669]
        let b = [0.959, 1.511, 0.022, -0.799, 0.634, 0.531, 2.427, 1.572, 0.852, 2.045, 0.333,
                 -0.604, 1.359, 1.357, 0.321, -0.418, 0.898, -2.642, 1.497, 1.239, -1.531, 0.68,
                 -0.653, 1.584, -2.044, -0.589, 1.522, 2.103, -2.205, -0.047, 1.026, -0.192,
                 2.668, -0.949, 1.061, -0.763, 2.428, 0.572, 0.116, -1.634, 2.786, 1.579, 1.58,
                 2.079, 1.054, -0.231, -0.44, -0.44, 2.381, -1.298, -0.175, 0.182, 0.892, 1.348,
                 -1.024]
        let r = Statistics.kolmogorovSmirnov(a, b)
        #expect(r.name == "kolmogorov-smirnov")
        // scipy.stats.ks_2samp(a, b, method="asymp"): D = 0.3, p = 0.024810707728581405.
        #expect(abs(r.statistic - 0.3) < 1e-12)
        #expect(r.effectSize == r.statistic)
        // Same formula in scipy: kstwobign.sf((sqrt(m) + 0.12 + 0.11/sqrt(m)) * D), m = 40*55/95
        // = 0.024078426791885068 (tight); ks_2samp's own asymptotic p differs by 7e-4
        // (it uses the exact one-sample law at round(m)); tolerance 2e-3 relative to it.
        #expect(abs(r.pValue - 0.024078426791885068) < 1e-10)
        #expect(abs(r.pValue - 0.024810707728581405) < 2e-3)
    }

    @Test func kolmogorovDistributionMatchesScipyKstwobign() {
        // scipy.stats.kstwobign.sf(lambda), on both sides of the series switch at 1.18.
        let reference: [(Double, Double)] = [
            (0.3, 0.9999906941986655), (0.5, 0.9639452436648751), (1.0, 0.26999967167735456),
            (1.18, 0.1234538094297657), (1.5, 0.022217962616525127), (2.0, 0.0006709252557796953),
        ]
        for (lambda, q) in reference {
            #expect(abs(Statistics.kolmogorovQ(lambda) - q) < 1e-12, "lambda = \(lambda)")
        }
    }

    @Test func kolmogorovSmirnovTiesAndIdenticalSamples() {
        let x: [Double] = [1, 2, 2, 3, .infinity]
        let r = Statistics.kolmogorovSmirnov(x, x)
        #expect(r.statistic == 0 && r.pValue == 1)
        // Disjoint samples: D = 1.
        #expect(Statistics.kolmogorovSmirnov([1, 2, 3], [4, 5, .infinity]).statistic == 1)
    }
}
