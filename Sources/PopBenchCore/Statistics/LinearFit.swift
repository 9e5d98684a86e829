import CGSL
import Foundation

/// A straight-line least-squares fit `y = intercept + slope * x`, with confidence intervals
/// for both coefficients, the coefficient of determination and the residuals.
public struct LinearFit: Sendable, Codable, Hashable {
    /// Fitted slope `c1`.
    public var slope: Double
    /// Fitted intercept `c0`.
    public var intercept: Double
    /// Student-t interval for the slope, `slope +- t_{(1+level)/2, n-2} * sqrt(cov11)`.
    public var slopeInterval: Interval
    /// Student-t interval for the intercept, `intercept +- t_{(1+level)/2, n-2} * sqrt(cov00)`.
    public var interceptInterval: Interval
    /// Weighted coefficient of determination `1 - sum(w r^2) / sum(w (y - ybar_w)^2)`
    /// (1 for a perfect fit; 1 also when y is constant and fitted exactly).
    public var r2: Double
    /// Raw residuals `y_i - (intercept + slope * x_i)`, in input order.
    public var residuals: [Double]
    /// Residual degrees of freedom, `n - 2`.
    public var dof: Int

    /// A fit with the given fields.
    public init(slope: Double, intercept: Double, slopeInterval: Interval, interceptInterval: Interval,
                r2: Double, residuals: [Double], dof: Int) {
        self.slope = slope; self.intercept = intercept; self.slopeInterval = slopeInterval
        self.interceptInterval = interceptInterval; self.r2 = r2; self.residuals = residuals; self.dof = dof
    }

    /// The fitted line at `x`, `intercept + slope * x`.
    public func predict(_ x: Double) -> Double { intercept + slope * x }
}

extension Statistics {
    /// Weighted least-squares line `y = c0 + c1 x` minimizing `sum w_i (y_i - c0 - c1 x_i)^2`
    /// (GSL `gsl_fit_wlinear`, or `gsl_fit_linear` without weights).
    ///
    /// Weights are relative (for example the number of trials behind each mean, or
    /// 1/variance estimates): the coefficient covariance is scaled by the residual variance
    /// `s^2 = sum w r^2 / (n - 2)`, as `gsl_fit_linear` does unweighted, so multiplying all
    /// weights by a constant changes nothing. The intervals are `c +- t_{(1+level)/2, n-2} *
    /// sqrt(cov)` (Student-t on n - 2 degrees of freedom); an exact fit has zero-width
    /// intervals.
    ///
    /// Throws `NumericalError` with fewer than 3 points (no degrees of freedom left for an
    /// interval), mismatched lengths, non-finite input, negative weights, or degenerate input
    /// such as all x equal (GSL then returns NaN coefficients without an error status).
    public static func weightedLinearFit(x: [Double], y: [Double], weights: [Double]? = nil,
                                         level: Double = 0.95) throws -> LinearFit {
        try checkLevel(level)
        let n = x.count
        guard y.count == n, weights.map({ $0.count == n }) ?? true else {
            throw NumericalError("linear fit: x, y and weights must have the same length (\(n), \(y.count), \(weights?.count ?? n))")
        }
        guard n >= 3 else { throw NumericalError("linear fit needs at least 3 points, got \(n)") }
        guard x.allSatisfy(\.isFinite), y.allSatisfy(\.isFinite) else {
            throw NumericalError("linear fit: x and y must be finite")
        }
        if let w = weights, !w.allSatisfy({ $0.isFinite && $0 >= 0 }) || !w.contains(where: { $0 > 0 }) {
            throw NumericalError("linear fit: weights must be finite, non-negative and not all zero")
        }
        GSL.ensureInitialized()
        var c0 = 0.0, c1 = 0.0, cov00 = 0.0, cov01 = 0.0, cov11 = 0.0, sumsq = 0.0
        let status: Int32
        if let w = weights {
            status = gsl_fit_wlinear(x, 1, w, 1, y, 1, n, &c0, &c1, &cov00, &cov01, &cov11, &sumsq)
        } else {
            status = gsl_fit_linear(x, 1, y, 1, n, &c0, &c1, &cov00, &cov01, &cov11, &sumsq)
        }
        try GSL.check(status, "linear fit")
        let dof = n - 2
        if weights != nil {
            // gsl_fit_wlinear treats w as exact 1/sigma^2; rescale to relative weights.
            let s2 = sumsq / Double(dof)
            cov00 *= s2; cov11 *= s2
        }
        guard [c0, c1, cov00, cov11, sumsq].allSatisfy(\.isFinite) else {
            throw NumericalError("linear fit: degenerate input (all x equal?), GSL returned c0 = \(c0), c1 = \(c1)")
        }
        let t = try studentQuantile(p: (1 + level) / 2, dof: Double(dof))
        let residuals = zip(x, y).map { $1 - (c0 + c1 * $0) }
        let r2 = weightedR2(y: y, residuals: residuals, weights: weights)
        let hs = t * cov11.squareRoot(), hi = t * cov00.squareRoot()
        return LinearFit(slope: c1, intercept: c0,
                         slopeInterval: Interval(low: c1 - hs, high: c1 + hs, level: level),
                         interceptInterval: Interval(low: c0 - hi, high: c0 + hi, level: level),
                         r2: r2, residuals: residuals, dof: dof)
    }

    /// Fit of `log y = intercept + slope * log x` (natural logarithms), i.e. the power law
    /// `y = e^intercept * x^slope`; `slope` is the exponent, e.g. -1 for a time that falls
    /// linearly with the population size (linear speedup), 0 for no speedup.
    ///
    /// Weights apply to the log-scale residuals, as in `weightedLinearFit`. Throws
    /// `NumericalError` when some x or y is not positive, and in the cases of
    /// `weightedLinearFit`.
    public static func logLogSlope(x: [Double], y: [Double], weights: [Double]? = nil,
                                   level: Double = 0.95) throws -> LinearFit {
        guard x.allSatisfy({ $0 > 0 }), y.allSatisfy({ $0 > 0 }) else {
            throw NumericalError("log-log fit needs positive x and y")
        }
        return try weightedLinearFit(x: x.map { Foundation.log($0) }, y: y.map { Foundation.log($0) },
                                     weights: weights, level: level)
    }

    /// Weighted R^2 = `1 - sum(w r^2) / sum(w (y - ybar_w)^2)` with the weighted mean ybar_w;
    /// when y is constant it is 1 for a zero residual and 0 otherwise.
    static func weightedR2(y: [Double], residuals: [Double], weights: [Double]?) -> Double {
        let w = weights ?? [Double](repeating: 1, count: y.count)
        let sw = w.reduce(0, +)
        let ybar = zip(w, y).reduce(0) { $0 + $1.0 * $1.1 } / sw
        let ssTot = zip(w, y).reduce(0) { $0 + $1.0 * ($1.1 - ybar) * ($1.1 - ybar) }
        let ssRes = zip(w, residuals).reduce(0) { $0 + $1.0 * $1.1 * $1.1 }
        if ssTot == 0 { return ssRes == 0 ? 1 : 0 }
        return 1 - ssRes / ssTot
    }
}
