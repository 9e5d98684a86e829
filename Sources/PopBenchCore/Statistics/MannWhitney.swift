import CGSL

/// How `Statistics.mannWhitneyU` computes its p-value.
public enum MannWhitneyMethod: Sendable, Hashable {
    /// Exact up to `Statistics.exactLimit` pooled observations, normal approximation above.
    case automatic
    /// The exact permutation distribution of the rank sum.
    case exact
    /// The normal approximation with tie and continuity corrections.
    case asymptotic
}

extension Statistics {
    /// Mann-Whitney U test (Wilcoxon rank-sum) of whether values of `a` tend to be larger or
    /// smaller than values of `b`, two-sided. Distribution free, so it suits run times with
    /// heavy tails and censored failures.
    ///
    /// Pool both samples and rank them (ties get their average rank); with `R_a` the rank sum
    /// of `a`, `U = R_a - n_a (n_a + 1)/2` counts the pairs with `a_i > b_j` plus half the
    /// tied pairs (`statistic` is this U of the first sample, as in scipy). With at most
    /// `exactLimit` observations in all, the p-value is exact (`exactMannWhitneyP`): the
    /// normal approximation cannot go below 0.0122 with 5 against 5 samples, so a decision at
    /// alpha = 0.01 on it could never fire, while the exact p of complete separation is
    /// 2/252 = 0.0079. Above the limit it uses
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
    public static func mannWhitneyU(_ a: [Double], _ b: [Double], method: MannWhitneyMethod = .automatic) -> TestResult {
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
        var doubledRanks = [Int](repeating: 0, count: n)
        var i = 0
        while i < n {
            var j = i + 1
            while j < n && pooled[j].0 == pooled[i].0 { j += 1 }
            // Positions i..<j (ranks i+1 ... j) share the average rank (i + 1 + j) / 2.
            let avgRank = Double(i + 1 + j) / 2
            let t = Double(j - i)
            tieTerm += t * t * t - t
            for k in i..<j { doubledRanks[k] = i + 1 + j }
            for k in i..<j where pooled[k].1 { rankSumA += avgRank }
            i = j
        }
        let dna = Double(na), dnb = Double(nb), dn = Double(n)
        let u = rankSumA - dna * (dna + 1) / 2
        let mu = dna * dnb / 2
        let variance = dna * dnb / 12 * ((dn + 1) - tieTerm / (dn * (dn - 1)))
        var p = 1.0
        if method == .exact || (method == .automatic && n <= exactLimit) {
            p = exactMannWhitneyP(doubledRanks: doubledRanks, sampleSize: na,
                                  observed: Int((2 * rankSumA).rounded()))
        } else if variance > 0 {
            GSL.ensureInitialized()
            let z = (Swift.abs(u - mu) - 0.5) / variance.squareRoot()
            p = Swift.min(1, 2 * gsl_cdf_ugaussian_Q(z))
        }
        return TestResult(name: "mann-whitney", statistic: u, dof: nil, pValue: p,
                          effectSize: u / (dna * dnb), effectName: "vargha-delaney-a12")
    }

    /// Pooled sizes up to which `mannWhitneyU` computes the exact p-value.
    public static let exactLimit = 60

    /// The exact two-sided permutation p-value of the rank sum: the fraction of the C(N, k)
    /// ways to pick k of the pooled observations whose rank sum lies at least as far from its
    /// mean k (N + 1) / 2 as the observed one. `doubledRanks` are twice the (mid-)ranks of the
    /// pooled observations, so that ties stay exact in integers; the count is a dynamic program
    /// over (items taken, doubled rank sum), O(N k N^2) at worst. Without ties this is the exact
    /// null distribution of U (Mann and Whitney 1947); with ties, the permutation distribution
    /// conditional on the tie pattern.
    public static func exactMannWhitneyP(doubledRanks: [Int], sampleSize k: Int, observed: Int) -> Double {
        let total = doubledRanks.reduce(0, +)
        // ways[j][s]: subsets of size j with doubled rank sum s.
        var ways = [[Double]](repeating: [Double](repeating: 0, count: total + 1), count: k + 1)
        ways[0][0] = 1
        var reach = 0
        for r in doubledRanks {
            reach += r
            for j in stride(from: Swift.min(k, doubledRanks.count), through: 1, by: -1) {
                for s in stride(from: reach, through: r, by: -1) where ways[j - 1][s - r] > 0 {
                    ways[j][s] += ways[j - 1][s - r]
                }
            }
        }
        // Mean of the doubled rank sum: k (N + 1); compare twice the distances to stay integral.
        let n = doubledRanks.count
        let mean2 = 2 * k * (n + 1)  // twice the mean of the doubled sum
        let dObs = Swift.abs(2 * observed - mean2)
        var extreme = 0.0, all = 0.0
        for s in 0...total where ways[k][s] > 0 {
            all += ways[k][s]
            if Swift.abs(2 * s - mean2) >= dObs { extreme += ways[k][s] }
        }
        return all > 0 ? Swift.min(1, extreme / all) : 1
    }
}
