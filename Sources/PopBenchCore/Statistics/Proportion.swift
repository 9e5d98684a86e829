import CGSL

extension Statistics {
    /// Wilson score interval for a success probability from `successes` out of `trials`
    /// (Wilson 1927), the interval popbench puts on success rates.
    ///
    /// With `p = successes / trials`, `z = Phi^-1((1 + level)/2)` (GSL
    /// `gsl_cdf_ugaussian_Pinv`) and `n = trials`:
    /// `center = (p + z^2/(2n)) / (1 + z^2/n)`,
    /// `half = z / (1 + z^2/n) * sqrt(p (1 - p)/n + z^2/(4 n^2))`, interval `center +- half`.
    /// Unlike the normal (Wald) interval it stays inside [0, 1] and is not degenerate at 0 or
    /// n successes (e.g. 0 of 10 gives [0, 0.278] at 95%). Zero trials give [0, 1].
    /// Requires `0 <= successes <= trials` and `level` in (0, 1).
    public static func wilsonInterval(successes: Int, trials: Int, level: Double = 0.95) -> Interval {
        precondition(trials >= 0 && successes >= 0 && successes <= trials,
                     "Wilson interval needs 0 <= successes <= trials, got \(successes) of \(trials)")
        precondition(level > 0 && level < 1, "Wilson interval level must lie in (0, 1)")
        guard trials > 0 else { return Interval(low: 0, high: 1, level: level) }
        GSL.ensureInitialized()
        let z = gsl_cdf_ugaussian_Pinv((1 + level) / 2)
        let n = Double(trials), p = Double(successes) / n
        let z2 = z * z
        let denominator = 1 + z2 / n
        let center = (p + z2 / (2 * n)) / denominator
        let half = z / denominator * (p * (1 - p) / n + z2 / (4 * n * n)).squareRoot()
        return Interval(low: Swift.max(0, center - half), high: Swift.min(1, center + half), level: level)
    }

    /// Expected running time (ERT) as COCO defines it: the total cost spent by all trials,
    /// successful or not, divided by the number of successes, `sum(costs) / successes`.
    ///
    /// It keeps failed trials in the picture instead of dropping them; `+inf` when there is
    /// no success, NaN when there are no trials.
    public static func expectedRuntime(costs: [Double], successes: Int) -> Double {
        guard !costs.isEmpty else { return .nan }
        guard successes > 0 else { return .infinity }
        return costs.reduce(0, +) / Double(successes)
    }
}
