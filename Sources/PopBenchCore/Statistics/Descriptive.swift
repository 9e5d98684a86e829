import CGSL

/// The usual one-line description of a sample: size, mean, standard deviation, median,
/// quartiles and range.
///
/// Censored observations (failed trials recorded as `+infinity`) are allowed: the order
/// statistics (`median`, `q25`, `q75`, `min`, `max`) stay meaningful, while `mean` becomes
/// `+infinity` and `sd` becomes NaN. A NaN anywhere makes every field but `count` NaN.
public struct Summary: Sendable, Codable, Hashable {
    /// Number of observations.
    public var count: Int
    /// Arithmetic mean (`+inf` when some observation is `+inf`; NaN when empty).
    public var mean: Double
    /// Sample standard deviation with Bessel's correction (n - 1); NaN when n < 2 or when
    /// some observation is infinite.
    public var sd: Double
    /// Median (quantile 0.5).
    public var median: Double
    /// First quartile (quantile 0.25, linear interpolation).
    public var q25: Double
    /// Third quartile (quantile 0.75, linear interpolation).
    public var q75: Double
    /// Smallest observation.
    public var min: Double
    /// Largest observation.
    public var max: Double

    /// A summary with the given fields.
    public init(count: Int, mean: Double, sd: Double, median: Double, q25: Double, q75: Double,
                min: Double, max: Double) {
        self.count = count; self.mean = mean; self.sd = sd; self.median = median
        self.q25 = q25; self.q75 = q75; self.min = min; self.max = max
    }
}

extension Statistics {
    /// Count, mean, sd, median, quartiles, min and max of `x` (sorted once).
    ///
    /// Works with `+infinity` entries (censored times of failed trials); see `Summary`.
    /// An empty sample gives count 0 and NaN everywhere else.
    public static func summary(_ x: [Double]) -> Summary {
        guard !x.isEmpty, !x.contains(where: \.isNaN) else {
            return Summary(count: x.count, mean: .nan, sd: .nan, median: .nan, q25: .nan,
                           q75: .nan, min: .nan, max: .nan)
        }
        let s = x.sorted()
        return Summary(count: x.count, mean: mean(x), sd: standardDeviation(x),
                       median: quantile(sorted: s, 0.5), q25: quantile(sorted: s, 0.25),
                       q75: quantile(sorted: s, 0.75), min: s[0], max: s[s.count - 1])
    }

    /// Arithmetic mean `sum(x) / n` (GSL `gsl_stats_mean`, a numerically stable running mean).
    ///
    /// NaN for an empty sample. With non-finite entries the plain sum is used instead, so the
    /// mean of a sample with `+inf` entries is `+inf` (GSL's running mean would give NaN),
    /// and NaN when it holds both `+inf` and `-inf` or a NaN.
    public static func mean(_ x: [Double]) -> Double {
        guard !x.isEmpty else { return .nan }
        if x.contains(where: { !$0.isFinite }) {
            return x.reduce(0, +) / Double(x.count)
        }
        GSL.ensureInitialized()
        return x.withUnsafeBufferPointer { gsl_stats_mean($0.baseAddress, 1, $0.count) }
    }

    /// Sample standard deviation `sqrt(sum((x_i - mean)^2) / (n - 1))` (GSL `gsl_stats_sd`).
    ///
    /// NaN when n < 2, and NaN when some entry is infinite or NaN (the spread of a censored
    /// sample is not defined; use quantiles instead).
    public static func standardDeviation(_ x: [Double]) -> Double {
        guard x.count >= 2, x.allSatisfy(\.isFinite) else { return .nan }
        GSL.ensureInitialized()
        return x.withUnsafeBufferPointer { gsl_stats_sd($0.baseAddress, 1, $0.count) }
    }

    /// Sample variance `sum((x_i - mean)^2) / (n - 1)` (GSL `gsl_stats_variance`); NaN when
    /// n < 2 or some entry is not finite.
    public static func variance(_ x: [Double]) -> Double {
        guard x.count >= 2, x.allSatisfy(\.isFinite) else { return .nan }
        GSL.ensureInitialized()
        return x.withUnsafeBufferPointer { gsl_stats_variance($0.baseAddress, 1, $0.count) }
    }

    /// The median: the middle order statistic, or the mean of the two middle ones for even n
    /// (`quantile(x, 0.5)`).
    ///
    /// Sorting makes it robust to censored `+inf` entries: it is finite while fewer than half
    /// the entries are infinite, and `+inf` otherwise. NaN for an empty sample or when `x`
    /// holds a NaN.
    public static func median(_ x: [Double]) -> Double { quantile(x, 0.5) }

    /// The `p`-quantile of `x`, `p` in [0, 1], with linear interpolation between order
    /// statistics: with sorted data `s` and `h = p (n - 1)`,
    /// `Q(p) = s[floor h] + (h - floor h) (s[floor h + 1] - s[floor h])`
    /// (GSL `gsl_stats_quantile_from_sorted_data`; type 7 of Hyndman and Fan, R's and numpy's
    /// default).
    ///
    /// Infinite entries are allowed: when `h` falls exactly on a finite order statistic it is
    /// returned even if its neighbour is `+inf` (GSL alone would compute `0 * inf = NaN`).
    /// NaN for an empty sample or when `x` holds a NaN.
    public static func quantile(_ x: [Double], _ p: Double) -> Double {
        guard !x.isEmpty, !x.contains(where: \.isNaN) else { return .nan }
        return quantile(sorted: x.sorted(), p)
    }

    /// `quantile(_:_:)` for data already sorted ascending (no NaN), without copying.
    public static func quantile(sorted s: [Double], _ p: Double) -> Double {
        precondition(p >= 0 && p <= 1, "quantile probability must lie in [0, 1], got \(p)")
        guard !s.isEmpty else { return .nan }
        let h = p * Double(s.count - 1)
        let lhs = Int(h)
        let delta = h - Double(lhs)
        if lhs >= s.count - 1 || delta == 0 { return s[lhs] }
        let lo = s[lhs], hi = s[lhs + 1]
        if !lo.isFinite || !hi.isFinite {
            // (1 - delta) lo + delta hi with 0 < delta < 1: infinite ends dominate.
            if lo == hi { return lo }
            if lo == -.infinity && hi == .infinity { return .nan }
            return hi == .infinity ? .infinity : lo
        }
        GSL.ensureInitialized()
        return s.withUnsafeBufferPointer {
            gsl_stats_quantile_from_sorted_data($0.baseAddress, 1, $0.count, p)
        }
    }
}
