import CGSL

extension Statistics {
    /// Mann-Whitney U test (Wilcoxon rank-sum) of whether values of `a` tend to be larger or
    /// smaller than values of `b`, two-sided. Distribution free, so it suits run times with
    /// heavy tails and censored failures.
    ///
    /// Pool both samples and rank them (ties get their average rank); with `R_a` the rank sum
    /// of `a`, `U = R_a - n_a (n_a + 1)/2` counts the pairs with `a_i > b_j` plus half the
    /// tied pairs (`statistic` is this U of the first sample, as in scipy). The p-value uses
    /// the normal approximation with tie correction and continuity correction:
    /// `mu = n_a n_b / 2`,
    /// `sigma^2 = n_a n_b / 12 * ((n + 1) - sum(t^3 - t) / (n (n - 1)))` over tie groups of
    /// size t, `z = (|U - mu| - 1/2) / sigma`, `p = min(1, 2 Q(z))` (GSL
    /// `gsl_cdf_ugaussian_Q`). This matches `scipy.stats.mannwhitneyu(a, b,
    /// use_continuity=True, method="asymptotic")`; it is accurate from about 8 observations
    /// per sample, conservative below.
    ///
    /// The effect size is the Vargha-Delaney A12 `= U / (n_a n_b)`, the probability that a
    /// random value of `a` exceeds one of `b`, ties counting half (0.5: no effect).
    ///
    /// `+infinity` entries (trials censored as failures) are ranked above every finite value
    /// and tie with each other. When every value ties, `p = 1`. An empty sample or a NaN entry
    /// gives NaN in `statistic`, `pValue` and `effectSize`.
    public static func mannWhitneyU(_ a: [Double], _ b: [Double]) -> TestResult {
        let na = a.count, nb = b.count
        guard na > 0, nb > 0, !a.contains(where: \.isNaN), !b.contains(where: \.isNaN) else {
            return TestResult(name: "mann-whitney", statistic: .nan, dof: nil, pValue: .nan,
                              effectSize: .nan, effectName: "vargha-delaney-a12")
        }
        // Pool as (value, is from a), sort by value, assign average ranks to tie groups.
        let pooled = (a.map { ($0, true) } + b.map { ($0, false) }).sorted { $0.0 < $1.0 }
        let n = pooled.count
        var rankSumA = 0.0
        var tieTerm = 0.0
        var i = 0
        while i < n {
            var j = i + 1
            while j < n && pooled[j].0 == pooled[i].0 { j += 1 }
            // Positions i..<j (ranks i+1 ... j) share the average rank (i + 1 + j) / 2.
            let avgRank = Double(i + 1 + j) / 2
            let t = Double(j - i)
            tieTerm += t * t * t - t
            for k in i..<j where pooled[k].1 { rankSumA += avgRank }
            i = j
        }
        let dna = Double(na), dnb = Double(nb), dn = Double(n)
        let u = rankSumA - dna * (dna + 1) / 2
        let mu = dna * dnb / 2
        let variance = dna * dnb / 12 * ((dn + 1) - tieTerm / (dn * (dn - 1)))
        var p = 1.0
        if variance > 0 {
            GSL.ensureInitialized()
            let z = (Swift.abs(u - mu) - 0.5) / variance.squareRoot()
            p = Swift.min(1, 2 * gsl_cdf_ugaussian_Q(z))
        }
        return TestResult(name: "mann-whitney", statistic: u, dof: nil, pValue: p,
                          effectSize: u / (dna * dnb), effectName: "vargha-delaney-a12")
    }
}
