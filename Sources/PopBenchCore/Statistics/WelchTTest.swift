import CGSL
import Foundation

/// The outcome of a two-sample hypothesis test: the test statistic, its degrees of freedom
/// when it has some, the two-sided p-value, and an effect size (how large the difference is,
/// which a p-value alone does not say).
public struct TestResult: Sendable, Codable, Hashable {
    /// The test's name as written in reports and JSON: `"welch-t"`, `"mann-whitney"`,
    /// `"kolmogorov-smirnov"`.
    public var name: String
    /// The test statistic (t, U of the first sample, or D).
    public var statistic: Double
    /// Degrees of freedom of the reference distribution, or nil for tests without them.
    public var dof: Double?
    /// Two-sided p-value, in [0, 1].
    public var pValue: Double
    /// The effect size named by `effectName`.
    public var effectSize: Double
    /// Which effect size `effectSize` is: `"hedges-g"`, `"vargha-delaney-a12"`, `"ks-d"`.
    public var effectName: String

    /// A result with the given fields.
    public init(name: String, statistic: Double, dof: Double?, pValue: Double, effectSize: Double,
                effectName: String) {
        self.name = name; self.statistic = statistic; self.dof = dof; self.pValue = pValue
        self.effectSize = effectSize; self.effectName = effectName
    }
}

extension Statistics {
    /// Welch's unequal-variance two-sample t-test of equal means (two-sided).
    ///
    /// With means `m`, sample variances `v` and sizes `n`:
    /// `t = (m_a - m_b) / sqrt(v_a/n_a + v_b/n_b)`, Welch-Satterthwaite degrees of freedom
    /// `dof = (v_a/n_a + v_b/n_b)^2 / ((v_a/n_a)^2/(n_a - 1) + (v_b/n_b)^2/(n_b - 1))`, and
    /// `p = 2 Q_t(|t|, dof)` (GSL `gsl_cdf_tdist_Q`). Matches
    /// `scipy.stats.ttest_ind(a, b, equal_var=False)`.
    ///
    /// The effect size is Hedges' g, the bias-corrected standardized mean difference
    /// `g = J(n_a + n_b - 2) (m_a - m_b) / s_pooled` with
    /// `s_pooled = sqrt(((n_a - 1) v_a + (n_b - 1) v_b) / (n_a + n_b - 2))` and the exact
    /// correction `J(d) = Gamma(d/2) / (sqrt(d/2) Gamma((d - 1)/2))` (about `1 - 3/(4d - 1)`).
    /// Positive when `a` has the larger mean.
    ///
    /// Throws `NumericalError` when a sample has fewer than 2 observations, holds a non-finite
    /// value (censored data has no mean: use `mannWhitneyU`), or both samples have zero
    /// variance.
    public static func welchTTest(_ a: [Double], _ b: [Double]) throws -> TestResult {
        guard a.count >= 2, b.count >= 2 else {
            throw NumericalError("Welch t-test needs at least 2 observations per sample, got \(a.count) and \(b.count)")
        }
        guard a.allSatisfy(\.isFinite), b.allSatisfy(\.isFinite) else {
            throw NumericalError("Welch t-test needs finite observations (censored or diverged trials present)")
        }
        let na = Double(a.count), nb = Double(b.count)
        let ma = mean(a), mb = mean(b), va = variance(a), vb = variance(b)
        let sa = va / na, sb = vb / nb
        guard sa + sb > 0 else {
            throw NumericalError("Welch t-test: both samples have zero variance")
        }
        let t = (ma - mb) / (sa + sb).squareRoot()
        let dof = (sa + sb) * (sa + sb) / (sa * sa / (na - 1) + sb * sb / (nb - 1))
        GSL.ensureInitialized()
        let p = Swift.min(1, 2 * gsl_cdf_tdist_Q(Swift.abs(t), dof))
        let df = na + nb - 2
        let pooled = (((na - 1) * va + (nb - 1) * vb) / df).squareRoot()
        let j = df > 1 ? exp(gsl_sf_lngamma(df / 2) - gsl_sf_lngamma((df - 1) / 2)) / (df / 2).squareRoot() : 1
        let g = j * (ma - mb) / pooled  // pooled > 0 since v_a + v_b > 0
        guard t.isFinite, dof.isFinite, p.isFinite else {
            throw NumericalError("Welch t-test: non-finite result (t = \(t), dof = \(dof), p = \(p))")
        }
        return TestResult(name: "welch-t", statistic: t, dof: dof, pValue: p, effectSize: g,
                          effectName: "hedges-g")
    }
}
