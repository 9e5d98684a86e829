import CGSL

/// A fit of a growth law `y = a * f(x) + b` (`FitShape`) to measurements, for comparing a
/// measured cost against a predicted bound (e.g. `T(n) = a log n + b`).
public struct ShapeFit: Sendable, Codable, Hashable {
    /// The law that was fitted.
    public var shape: FitShape
    /// The coefficient of `f(x)` (0 for `.constant`).
    public var a: Double
    /// The additive constant.
    public var b: Double
    /// Student-t interval for `a` (zero width at 0 for `.constant`).
    public var aInterval: Interval
    /// Student-t interval for `b`.
    public var bInterval: Interval
    /// Weighted coefficient of determination (0 for `.constant`, which explains no variation).
    public var r2: Double
    /// Ranking criterion: the root mean square of the relative residuals,
    /// `sqrt(sum w_i ((y_i - yhat_i) / y_i)^2 / sum w_i)`; 0.05 means the law misses the
    /// data by about 5%. Infinite when some y is 0.
    public var rmsRelativeError: Double
    /// Raw residuals `y_i - (a f(x_i) + b)`, in input order.
    public var residuals: [Double]
    /// Residual degrees of freedom (n - 2, or n - 1 for `.constant`).
    public var dof: Int

    /// A fit with the given fields.
    public init(shape: FitShape, a: Double, b: Double, aInterval: Interval, bInterval: Interval, r2: Double,
                rmsRelativeError: Double, residuals: [Double], dof: Int) {
        self.shape = shape; self.a = a; self.b = b; self.aInterval = aInterval; self.bInterval = bInterval
        self.r2 = r2; self.rmsRelativeError = rmsRelativeError; self.residuals = residuals; self.dof = dof
    }

    /// The fitted law at `x`, `a * f(x) + b`.
    public func predict(_ x: Double) -> Double { shape == .constant ? b : a * shape.f(x) + b }
}

extension Statistics {
    /// Fits `y = a * f(x) + b` for the law `shape` by weighted least squares: the straight
    /// line fit (`weightedLinearFit`, GSL `gsl_fit_wlinear`) of y on the transformed abscissa
    /// `f(x)`, which is the two-parameter linear model. For `.constant` only `b` is fitted:
    /// the weighted mean `b = sum w y / sum w` (GSL `gsl_stats_wmean`), with interval
    /// `b +- t_{(1+level)/2, n-1} * sqrt(s^2 / sum w)`, `s^2 = sum w (y - b)^2 / (n - 1)`.
    ///
    /// Weights are relative, as in `weightedLinearFit`. Throws `NumericalError` when `f(x)` is
    /// not finite for some x (log of 0, 1/0), with too few points (3 for two parameters, 2 for
    /// `.constant`), or for degenerate data.
    public static func fitShape(_ shape: FitShape, x: [Double], y: [Double], weights: [Double]? = nil,
                                level: Double = 0.95) throws -> ShapeFit {
        try checkLevel(level)
        let n = x.count
        guard y.count == n, weights.map({ $0.count == n }) ?? true else {
            throw NumericalError("shape fit: x, y and weights must have the same length")
        }
        guard y.allSatisfy(\.isFinite) else { throw NumericalError("shape fit: y must be finite") }
        if shape == .constant { return try fitConstant(y: y, weights: weights, level: level) }
        let fx = x.map(shape.f)
        guard fx.allSatisfy(\.isFinite) else {
            throw NumericalError("shape fit: \(shape.rawValue) is not finite at some x")
        }
        let line = try weightedLinearFit(x: fx, y: y, weights: weights, level: level)
        return ShapeFit(shape: shape, a: line.slope, b: line.intercept, aInterval: line.slopeInterval,
                        bInterval: line.interceptInterval, r2: line.r2,
                        rmsRelativeError: rmsRelative(y: y, residuals: line.residuals, weights: weights),
                        residuals: line.residuals, dof: line.dof)
    }

    /// Fits every law in `shapes` and returns the fits sorted best first, like
    /// google-benchmark's BigO: by `rmsRelativeError`, the RMS of the relative residuals
    /// `(y - yhat) / y` (ties keep the order of `shapes`). R^2 is not the criterion: every law
    /// with an intercept reaches a high R^2 on monotone data, and R^2 of `.constant` is 0 by
    /// definition, so R^2 cannot prefer the flat law. Laws that cannot be fitted (f(x) not
    /// finite, degenerate data) are left out.
    public static func rankShapes(x: [Double], y: [Double], weights: [Double]? = nil,
                                  shapes: [FitShape] = FitShape.standard, level: Double = 0.95) -> [ShapeFit] {
        let fits = shapes.enumerated().compactMap { index, shape in
            (try? fitShape(shape, x: x, y: y, weights: weights, level: level)).map { (index, $0) }
        }
        return fits.sorted { l, r in
            let a = l.1.rmsRelativeError, b = r.1.rmsRelativeError
            if a != b && !(a.isNaN && b.isNaN) {
                if a.isNaN { return false }
                if b.isNaN { return true }
                return a < b
            }
            return l.0 < r.0
        }.map(\.1)
    }

    /// The `.constant` law: weighted mean with a Student-t interval on n - 1 dof.
    private static func fitConstant(y: [Double], weights: [Double]?, level: Double) throws -> ShapeFit {
        let n = y.count
        guard n >= 2 else { throw NumericalError("constant fit needs at least 2 points, got \(n)") }
        let w = weights ?? [Double](repeating: 1, count: n)
        guard w.allSatisfy({ $0.isFinite && $0 >= 0 }), w.contains(where: { $0 > 0 }) else {
            throw NumericalError("shape fit: weights must be finite, non-negative and not all zero")
        }
        GSL.ensureInitialized()
        let b = gsl_stats_wmean(w, 1, y, 1, n)
        let residuals = y.map { $0 - b }
        let sw = w.reduce(0, +)
        let s2 = zip(w, residuals).reduce(0) { $0 + $1.0 * $1.1 * $1.1 } / Double(n - 1)
        let t = try studentQuantile(p: (1 + level) / 2, dof: Double(n - 1))
        let half = t * (s2 / sw).squareRoot()
        guard b.isFinite, half.isFinite else { throw NumericalError("constant fit: degenerate input") }
        return ShapeFit(shape: .constant, a: 0, b: b, aInterval: Interval(low: 0, high: 0, level: level),
                        bInterval: Interval(low: b - half, high: b + half, level: level),
                        r2: residuals.allSatisfy({ $0 == 0 }) ? 1 : 0,  // R^2 = 1 - SS_res/SS_tot = 0 unless y is constant
                        rmsRelativeError: rmsRelative(y: y, residuals: residuals, weights: weights),
                        residuals: residuals, dof: n - 1)
    }

    /// `sqrt(sum w (r / y)^2 / sum w)`: the weighted RMS of relative residuals.
    private static func rmsRelative(y: [Double], residuals: [Double], weights: [Double]?) -> Double {
        var num = 0.0, den = 0.0
        for i in y.indices {
            let w = weights?[i] ?? 1
            let rel = residuals[i] == 0 ? 0 : residuals[i] / y[i]
            num += w * rel * rel
            den += w
        }
        return (num / den).squareRoot()
    }
}
