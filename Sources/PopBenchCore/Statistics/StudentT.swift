import CGSL

extension Statistics {
    /// The `p`-quantile of Student's t distribution with `dof` degrees of freedom,
    /// `t_{p, dof}` such that `P(T <= t) = p` (GSL `gsl_cdf_tdist_Pinv`).
    ///
    /// For example `studentQuantile(p: 0.975, dof: 9) = 2.2621571628`, the factor of a 95%
    /// interval from 10 observations. `dof` may be fractional (Welch-Satterthwaite).
    /// Throws `NumericalError` unless `0 < p < 1` and `dof > 0` is finite.
    public static func studentQuantile(p: Double, dof: Double) throws -> Double {
        guard p > 0, p < 1 else { throw NumericalError("Student quantile: p must lie in (0, 1), got \(p)") }
        guard dof > 0, dof.isFinite else {
            throw NumericalError("Student quantile: degrees of freedom must be positive and finite, got \(dof)")
        }
        GSL.ensureInitialized()
        let t = gsl_cdf_tdist_Pinv(p, dof)
        guard t.isFinite else {
            throw NumericalError("Student quantile: gsl_cdf_tdist_Pinv(\(p), \(dof)) returned \(t)")
        }
        return t
    }

    /// Student-t confidence interval for the mean of `x`:
    /// `mean +- t_{(1 + level)/2, n - 1} * sd / sqrt(n)`.
    ///
    /// Exact for normal data, approximate (central limit theorem) otherwise. Throws
    /// `NumericalError` when n < 2 (one observation says nothing about the spread, so there is
    /// no finite interval), when `level` is not in (0, 1), and when `x` holds a non-finite
    /// value (the mean of censored data is not defined; use `bootstrapInterval` of the
    /// median instead). Zero spread gives the zero-width interval `[mean, mean]`.
    public static func meanInterval(_ x: [Double], level: Double = 0.95) throws -> Interval {
        try checkLevel(level)
        guard x.count >= 2 else {
            throw NumericalError("mean interval needs at least 2 observations, got \(x.count)")
        }
        guard x.allSatisfy(\.isFinite) else {
            throw NumericalError("mean interval needs finite observations (censored or diverged trials present)")
        }
        let m = mean(x), s = standardDeviation(x)
        let t = try studentQuantile(p: (1 + level) / 2, dof: Double(x.count - 1))
        let half = t * s / Double(x.count).squareRoot()
        return Interval(low: m - half, high: m + half, level: level)
    }
}
