extension Statistics {
    /// Percentile bootstrap confidence interval for `statistic(x)` (Efron's percentile method).
    ///
    /// Draws `resamples` samples of size n from `x` with replacement, evaluates `statistic`
    /// on each, and returns the `(1 - level)/2` and `(1 + level)/2` quantiles of those
    /// replicates (`quantile(_:_:)`'s interpolation). The generator is `Xoshiro256(seed:)`, so
    /// the same data, seed and resample count give the same interval on every machine.
    ///
    /// Infinite entries are allowed (censored times): for the median the interval may then
    /// have an infinite upper end. A replicate whose statistic is NaN (undefined) is counted
    /// as unknown and widens the interval on both sides: it sorts as `-inf` for the lower end
    /// and as `+inf` for the upper end. An empty `x` gives `[NaN, NaN]`.
    /// `level` must lie in (0, 1) and `resamples` be positive.
    public static func bootstrapInterval(
        _ x: [Double], level: Double = 0.95, resamples: Int = 2000, seed: UInt64,
        statistic: ([Double]) -> Double = Statistics.median
    ) -> Interval {
        precondition(level > 0 && level < 1, "bootstrap level must lie in (0, 1)")
        precondition(resamples > 0, "bootstrap needs at least one resample")
        guard !x.isEmpty else { return Interval(low: .nan, high: .nan, level: level) }
        var rng = Xoshiro256(seed: seed)
        var buffer = [Double]()
        buffer.reserveCapacity(x.count)
        var replicates = [Double]()
        replicates.reserveCapacity(resamples)
        for _ in 0..<resamples {
            resample(x, into: &buffer, rng: &rng)
            replicates.append(statistic(buffer))
        }
        return percentileInterval(replicates, unknownLow: -.infinity, level: level)
    }

    /// Percentile bootstrap interval for `statistic(numerator) / statistic(denominator)` of
    /// two independent samples (for example the median time of plugin A over that of a
    /// baseline B, run on different seeds).
    ///
    /// Each replicate resamples `numerator` and `denominator` independently with replacement
    /// (sizes kept) and takes the ratio of the two statistics; the interval is the
    /// `(1 -+ level)/2` quantiles of the replicate ratios. Deterministic for a seed.
    ///
    /// Infinite statistics are handled: `inf / finite = inf`, `finite / inf = 0`, so the
    /// interval may have an infinite upper end or a zero lower end. `inf / inf` and `0 / 0`
    /// are unknown: such a replicate counts as the smallest possible ratio (0, when both
    /// statistics are non-negative, else `-inf`) for the lower end and as `+inf` for the upper
    /// end. Empty input gives `[NaN, NaN]`.
    public static func bootstrapRatioInterval(
        numerator: [Double], denominator: [Double], level: Double = 0.95, resamples: Int = 2000,
        seed: UInt64, statistic: ([Double]) -> Double = Statistics.median
    ) -> Interval {
        precondition(level > 0 && level < 1, "bootstrap level must lie in (0, 1)")
        precondition(resamples > 0, "bootstrap needs at least one resample")
        guard !numerator.isEmpty, !denominator.isEmpty else {
            return Interval(low: .nan, high: .nan, level: level)
        }
        var rng = Xoshiro256(seed: seed)
        var bufA = [Double](), bufB = [Double]()
        bufA.reserveCapacity(numerator.count)
        bufB.reserveCapacity(denominator.count)
        var ratios = [Double](), unknownLows = [Double]()
        ratios.reserveCapacity(resamples)
        for _ in 0..<resamples {
            resample(numerator, into: &bufA, rng: &rng)
            resample(denominator, into: &bufB, rng: &rng)
            appendRatio(statistic(bufA), statistic(bufB), to: &ratios, unknownLows: &unknownLows)
        }
        return percentileInterval(ratios, unknownLows: unknownLows, level: level)
    }

    /// Percentile bootstrap interval for `statistic(numerator) / statistic(denominator)` of
    /// paired samples: `numerator[i]` and `denominator[i]` come from the same seed (two plugins
    /// run on the same seeds), so each replicate draws n pair indices with replacement and
    /// applies them to both arrays, which keeps the pairing and its correlation.
    ///
    /// Infinite and undefined ratios are treated as in `bootstrapRatioInterval`. The arrays
    /// must have the same length; empty input gives `[NaN, NaN]`.
    public static func bootstrapPairedRatioInterval(
        numerator: [Double], denominator: [Double], level: Double = 0.95, resamples: Int = 2000,
        seed: UInt64, statistic: ([Double]) -> Double = Statistics.median
    ) -> Interval {
        precondition(numerator.count == denominator.count, "paired bootstrap needs samples of equal length")
        precondition(level > 0 && level < 1, "bootstrap level must lie in (0, 1)")
        precondition(resamples > 0, "bootstrap needs at least one resample")
        let n = numerator.count
        guard n > 0 else { return Interval(low: .nan, high: .nan, level: level) }
        var rng = Xoshiro256(seed: seed)
        var bufA = [Double](repeating: 0, count: n), bufB = [Double](repeating: 0, count: n)
        var ratios = [Double](), unknownLows = [Double]()
        ratios.reserveCapacity(resamples)
        for _ in 0..<resamples {
            for k in 0..<n {
                let i = Int(rng.bounded(UInt64(n)))
                bufA[k] = numerator[i]
                bufB[k] = denominator[i]
            }
            appendRatio(statistic(bufA), statistic(bufB), to: &ratios, unknownLows: &unknownLows)
        }
        return percentileInterval(ratios, unknownLows: unknownLows, level: level)
    }

    /// Fills `buffer` with `x.count` draws from `x` with replacement.
    @inline(__always)
    private static func resample(_ x: [Double], into buffer: inout [Double], rng: inout Xoshiro256) {
        buffer.removeAll(keepingCapacity: true)
        let n = UInt64(x.count)
        for _ in 0..<x.count { buffer.append(x[Int(rng.bounded(n))]) }
    }

    /// Appends `a / b`, or records an unknown ratio (NaN) with its smallest possible value.
    @inline(__always)
    private static func appendRatio(_ a: Double, _ b: Double, to ratios: inout [Double],
                                     unknownLows: inout [Double]) {
        let r = a / b
        if r.isNaN {
            unknownLows.append(a >= 0 && b >= 0 ? 0 : -.infinity)
        } else {
            ratios.append(r)
        }
    }

    /// Percentile interval of replicates where NaN replicates are unknown (low end: they take
    /// the value `unknownLow`; high end: `+inf`).
    private static func percentileInterval(_ replicates: [Double], unknownLow: Double,
                                           level: Double) -> Interval {
        let known = replicates.filter { !$0.isNaN }
        let unknown = [Double](repeating: unknownLow, count: replicates.count - known.count)
        return percentileInterval(known, unknownLows: unknown, level: level)
    }

    /// Percentile interval of `known` replicates plus unknown ones, each unknown counted at its
    /// entry of `unknownLows` for the lower end and at `+inf` for the upper end.
    private static func percentileInterval(_ known: [Double], unknownLows: [Double],
                                           level: Double) -> Interval {
        let lowSorted = (known + unknownLows).sorted()
        let highSorted = unknownLows.isEmpty
            ? lowSorted
            : (known + [Double](repeating: .infinity, count: unknownLows.count)).sorted()
        return Interval(low: quantile(sorted: lowSorted, (1 - level) / 2),
                        high: quantile(sorted: highSorted, (1 + level) / 2), level: level)
    }
}
