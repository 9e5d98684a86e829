import CGSL

/// A weighted least-squares fit of a linear model with any number of parameters,
/// `y_i = sum_j c_j X_ij`, for bounds with more than two constants
/// (e.g. `T(n) = a n log n + b n + c`).
public struct MultiLinearFit: Sendable, Codable, Hashable {
    /// Fitted coefficients `c_j`, one per design column.
    public var coefficients: [Double]
    /// Student-t interval for each coefficient, `c_j +- t_{(1+level)/2, n-p} sqrt(cov_jj)`.
    public var intervals: [Interval]
    /// Coefficient covariance matrix (p x p, row major), scaled by the residual variance.
    public var covariance: [[Double]]
    /// Weighted R^2 about the weighted mean of y (meaningful when the design has a constant
    /// column).
    public var r2: Double
    /// Raw residuals `y_i - sum_j c_j X_ij`, in input order.
    public var residuals: [Double]
    /// Residual degrees of freedom, `n - p`.
    public var dof: Int

    /// A fit with the given fields.
    public init(coefficients: [Double], intervals: [Interval], covariance: [[Double]], r2: Double,
                residuals: [Double], dof: Int) {
        self.coefficients = coefficients; self.intervals = intervals; self.covariance = covariance
        self.r2 = r2; self.residuals = residuals; self.dof = dof
    }
}

extension Statistics {
    /// Weighted linear least squares `min_c sum_i w_i (y_i - sum_j c_j X_ij)^2` with design
    /// matrix `design` (one row per observation, one column per parameter), solved by GSL
    /// `gsl_multifit_wlinear` (SVD; exactly collinear columns give GSL's minimum-norm
    /// solution, not an error, so keep the design's columns independent).
    ///
    /// Weights are relative (default all 1): GSL's covariance `(X^T W X)^-1` is scaled by
    /// `s^2 = sum w r^2 / (n - p)`, as in `weightedLinearFit`, and the intervals use Student's
    /// t on `n - p` degrees of freedom. Throws `NumericalError` when n <= p, rows have unequal
    /// lengths, input is not finite, weights are negative, GSL reports an error, or the
    /// result is not finite.
    public static func weightedMultiLinearFit(design: [[Double]], y: [Double], weights: [Double]? = nil,
                                              level: Double = 0.95) throws -> MultiLinearFit {
        try checkLevel(level)
        let n = design.count
        let p = design.first?.count ?? 0
        guard p > 0, y.count == n, design.allSatisfy({ $0.count == p }), weights.map({ $0.count == n }) ?? true else {
            throw NumericalError("multilinear fit: design must be n x p with p > 0, y and weights of length n")
        }
        guard n > p else { throw NumericalError("multilinear fit needs more points (\(n)) than parameters (\(p))") }
        guard y.allSatisfy(\.isFinite), design.allSatisfy({ $0.allSatisfy(\.isFinite) }) else {
            throw NumericalError("multilinear fit: design and y must be finite")
        }
        let w = weights ?? [Double](repeating: 1, count: n)
        guard w.allSatisfy({ $0.isFinite && $0 >= 0 }), w.contains(where: { $0 > 0 }) else {
            throw NumericalError("multilinear fit: weights must be finite, non-negative and not all zero")
        }
        GSL.ensureInitialized()
        guard let X = gsl_matrix_alloc(n, p), let gw = gsl_vector_alloc(n), let gy = gsl_vector_alloc(n),
              let c = gsl_vector_alloc(p), let cov = gsl_matrix_alloc(p, p),
              let work = gsl_multifit_linear_alloc(n, p) else {
            throw NumericalError("multilinear fit: GSL allocation failed")
        }
        defer {
            gsl_matrix_free(X); gsl_vector_free(gw); gsl_vector_free(gy); gsl_vector_free(c)
            gsl_matrix_free(cov); gsl_multifit_linear_free(work)
        }
        for i in 0..<n {
            for j in 0..<p { gsl_matrix_set(X, i, j, design[i][j]) }
            gsl_vector_set(gw, i, w[i])
            gsl_vector_set(gy, i, y[i])
        }
        var chisq = 0.0
        try GSL.check(gsl_multifit_wlinear(X, gw, gy, c, cov, &chisq, work), "multilinear fit")
        let dof = n - p
        let s2 = chisq / Double(dof)
        let coefficients = (0..<p).map { gsl_vector_get(c, $0) }
        let covariance = (0..<p).map { j in (0..<p).map { k in s2 * gsl_matrix_get(cov, j, k) } }
        guard coefficients.allSatisfy(\.isFinite), covariance.allSatisfy({ $0.allSatisfy(\.isFinite) }) else {
            throw NumericalError("multilinear fit: degenerate design, GSL returned non-finite coefficients")
        }
        let t = try studentQuantile(p: (1 + level) / 2, dof: Double(dof))
        let intervals = (0..<p).map { j in
            let half = t * covariance[j][j].squareRoot()
            return Interval(low: coefficients[j] - half, high: coefficients[j] + half, level: level)
        }
        let residuals = (0..<n).map { i in
            y[i] - zip(design[i], coefficients).reduce(0) { $0 + $1.0 * $1.1 }
        }
        return MultiLinearFit(coefficients: coefficients, intervals: intervals, covariance: covariance,
                              r2: weightedR2(y: y, residuals: residuals, weights: weights),
                              residuals: residuals, dof: dof)
    }
}
