import PopBenchCore

/// docs/design.md's decision rule for one metric: a change is a regression only when it is
/// significant (Mann-Whitney, alpha = 0.01), its whole 95% CI (of the ratio of medians,
/// current / baseline) lies beyond the larger of the metric's tolerance and the noise measured
/// by comparing the baseline with itself, and (for checks that can run) a re-run with more
/// seeds confirms it. Exact metrics must match exactly.
public struct Decision: Sendable, Codable, Hashable {
    public enum Verdict: String, Sendable, Codable, Hashable {
        case ok, regression, improved, changed, warn, missing
    }

    public var name: String
    public var kind: CheckKind
    public var baselineMedian: Double
    public var currentMedian: Double
    /// current median / baseline median.
    public var ratio: Double
    public var ciLow: Double
    public var ciHigh: Double
    public var pValue: Double
    /// max(tolerance, self-comparison noise), as a relative change.
    public var threshold: Double
    public var verdict: Verdict
    public var note: String

    enum CodingKeys: String, CodingKey {
        case name, kind, ratio, threshold, verdict, note
        case baselineMedian = "baseline_median", currentMedian = "current_median"
        case ciLow = "ci_low", ciHigh = "ci_high", pValue = "p_value"
    }

    /// Significance level of the rule.
    public static let alpha = 0.01

    /// Compares current samples with the baseline's (no re-run here; see `CheckRunner`).
    public static func decide(baseline: CheckSamples.Metric, current: [Double], seed: UInt64 = 1) -> Decision {
        let b = baseline.samples
        let bMed = Statistics.median(b), cMed = Statistics.median(current)
        var d = Decision(name: baseline.name, kind: baseline.kind, baselineMedian: bMed, currentMedian: cMed,
                         ratio: cMed / bMed, ciLow: .nan, ciHigh: .nan, pValue: 1, threshold: baseline.tolerance,
                         verdict: .ok, note: "")
        if baseline.kind == .exact {
            d.ciLow = d.ratio; d.ciHigh = d.ratio; d.threshold = 0
            d.pValue = b == current ? 1 : 0
            d.verdict = b == current ? .ok : .changed
            d.note = b == current ? "identical at fixed seeds" : "deterministic count differs from the baseline"
            return d
        }
        guard b.count >= 2, current.count >= 2 else {
            d.verdict = .missing
            d.note = "too few samples"
            return d
        }
        let ci = Statistics.bootstrapRatioInterval(numerator: current, denominator: b, level: 0.95,
                                                   resamples: 2000, seed: seed, statistic: Statistics.median)
        d.ciLow = ci.low; d.ciHigh = ci.high
        d.pValue = Statistics.mannWhitneyU(current, b).pValue
        d.threshold = max(baseline.tolerance, selfNoise(b))
        let worse: Bool, better: Bool
        switch baseline.direction {
        case .lowerIsBetter:
            worse = ci.low > 1 + d.threshold
            better = ci.high < 1 - d.threshold
        case .higherIsBetter:
            worse = ci.high < 1 - d.threshold
            better = ci.low > 1 + d.threshold
        }
        let significant = d.pValue < alpha
        if significant && worse {
            d.verdict = .regression
        } else if significant && better {
            d.verdict = .improved
        } else {
            d.verdict = .ok
            d.note = significant ? "significant but within the threshold" : "not significant"
        }
        return d
    }

    /// The baseline against itself: the change observed between the medians of its two
    /// interleaved halves, max(r, 1/r) - 1 with r = median(even samples) / median(odd samples).
    /// A metric cannot be flagged for a change smaller than the baseline's own run-to-run noise.
    public static func selfNoise(_ samples: [Double]) -> Double {
        let even = stride(from: 0, to: samples.count, by: 2).map { samples[$0] }
        let odd = stride(from: 1, to: samples.count, by: 2).map { samples[$0] }
        guard !even.isEmpty, !odd.isEmpty else { return 0 }
        let r = Statistics.median(even) / Statistics.median(odd)
        guard r.isFinite, r > 0 else { return r.isNaN ? 0 : .infinity }
        return max(r, 1 / r) - 1
    }
}
