/// The results of a command in the machine-readable schema of docs/json-format.md: `rows`, `comparisons`,
/// `fits`, `reference`. Keys may be added, never renamed; `summary.csv` carries the same rows.
public struct Report: Sendable, Codable {
    public var command: String
    public var runID: String
    public var resultsDir: String
    public var plotsDir: String?
    public var rows: [ReportRow] = []
    public var comparisons: [ComparisonRow] = []
    public var fits: [FitRow] = []
    public var reference: [ReferenceRow] = []
    /// Plots written for this run (paths).
    public var plots: [String] = []
    /// What `--precision` asked and reached; nil without it.
    public var precision: PrecisionOutcome? = nil
    /// Per plugin label: gradient evaluations per node per unit of parallel time, measured from
    /// its trials' clocks (node-steps / parallel at the end), so the clocks legend states each
    /// rule's own rate (1 for one-sided PopSGD and the synchronous algorithms, 2H for symmetric
    /// PopSGD with H local steps, ...). Not in the JSON.
    public var gradientsPerParallelUnit: [String: Double] = [:]
    /// The clock of the headline time to target (`--clock`); nil in reports written before it
    /// was recorded (the first comparison's clock is the headline one there).
    public var headlineClock: String? = nil
    /// The verdict: one or two sentences per comparison (`Verdict.sentences`), what the text
    /// and HTML reports open with; nil in reports written before it existed.
    public var verdict: [String]? = nil

    public init(command: String, runID: String, resultsDir: String, plotsDir: String? = nil) {
        self.command = command; self.runID = runID; self.resultsDir = resultsDir; self.plotsDir = plotsDir
    }

    enum CodingKeys: String, CodingKey {
        case command, rows, comparisons, fits, reference, plots, precision, verdict
        case runID = "run_id", resultsDir = "results_dir", plotsDir = "plots_dir", headlineClock = "headline_clock"
    }
}

/// The outcome of `--precision P`: trials were added in batches until every headline median's
/// 95% CI half-width was within P of the median, or `max_trials` was reached.
public struct PrecisionOutcome: Sendable, Codable, Hashable {
    /// P, the relative half-width asked for.
    public var target: Double
    /// The largest relative half-width over the headline rows at the end.
    public var achieved: Double
    /// Trials per cell at the end.
    public var trials: Int
    public var maxTrials: Int
    /// True when `max_trials` stopped the run before the precision was reached.
    public var reachedMaxTrials: Bool

    public init(target: Double, achieved: Double, trials: Int, maxTrials: Int, reachedMaxTrials: Bool) {
        self.target = target; self.achieved = achieved; self.trials = trials; self.maxTrials = maxTrials
        self.reachedMaxTrials = reachedMaxTrials
    }

    /// max over `rows` of (ci_high - ci_low) / 2 / |median| (infinite when a median is 0 or
    /// infinite, or an interval is missing).
    public static func relativeHalfWidth(_ rows: [ReportRow]) -> Double {
        rows.map { r in
            let h = (r.ciHigh - r.ciLow) / 2 / Swift.abs(r.median)
            return h.isFinite ? h : .infinity
        }.max() ?? .infinity
    }

    enum CodingKeys: String, CodingKey {
        case target, achieved, trials
        case maxTrials = "max_trials", reachedMaxTrials = "reached_max_trials"
    }
}

/// One metric of one plugin at one n: its center and 95% interval, with success counts.
public struct ReportRow: Sendable, Codable, Hashable {
    public var plugin: String
    public var task: String
    public var n: Int
    /// The real population size when it is above 2^63 (`n` then holds `Int.max`); nil (and not
    /// encoded) for every ordinary size.
    public var size: Double? = nil
    /// `time_to_target`, `final_error`, `time`, `correct`, ...
    public var metric: String
    /// `parallel`, `grads`, `wall`, or `none` for values with no time axis.
    public var clock: String
    public var trials: Int
    public var mean: Double
    public var median: Double
    public var ciLow: Double
    public var ciHigh: Double
    /// How the interval was made: `student-t` (mean), `bootstrap-percentile` (median), `wilson` (rate).
    public var ciKind: String
    /// Trials that reached the target / converged.
    public var successes: Int
    public var successRate: Double
    public var successCILow: Double
    public var successCIHigh: Double
    /// Expected runtime as COCO defines it: total time spent by all trials / successes.
    public var expectedRuntime: Double?
    public var target: Double?
    /// Time at which the across-trial mean curve reaches the target and stays there.
    public var meanCurveTime: Double?
    public var sd: Double
    /// Which model the metric scores (`Quality`): `avg`, `nodes-mean`, `nodes-worst`,
    /// `consensus`; nil for protocols.
    public var quality: String? = nil
    /// For `time_to_target`: the series it was measured on (e.g. `error@nodes-mean`).
    public var qualityMetric: String? = nil

    enum CodingKeys: String, CodingKey {
        case plugin, task, n, size, metric, clock, trials, mean, median, successes, target, sd, quality
        case qualityMetric = "quality_metric"
        case ciLow = "ci_low", ciHigh = "ci_high", ciKind = "ci_kind", successRate = "success_rate"
        case successCILow = "success_ci_low", successCIHigh = "success_ci_high"
        case expectedRuntime = "expected_runtime", meanCurveTime = "mean_curve_time"
    }
}

/// A plugin against the baseline (the first plugin) on one metric at one n.
public struct ComparisonRow: Sendable, Codable, Hashable {
    public var plugin: String
    public var baseline: String
    public var n: Int
    public var metric: String
    public var clock: String
    /// baseline median / plugin median: a speedup when the metric is a time.
    public var ratio: Double
    public var ciLow: Double
    public var ciHigh: Double
    public var ratioDefinition: String
    public var test: String
    public var pValue: Double
    /// Vargha-Delaney A12 of plugin against baseline (probability a plugin value is larger).
    public var effectSize: Double
    /// Holm-Bonferroni adjusted p-value over the comparisons on the same clock.
    public var pHolm: Double = .nan
    /// The `Quality` time to target was measured on (nil for protocols).
    public var quality: String? = nil
    /// Why `ratio` means nothing, when it does not (a baseline that sends no bytes, a median
    /// time never reached): the text reports print this instead of the number. Nil when the
    /// ratio is meaningful (`RatioMeaning`).
    public var ratioUndefined: String? = nil

    enum CodingKeys: String, CodingKey {
        case plugin, baseline, n, metric, clock, ratio, test, quality
        case ratioUndefined = "ratio_undefined"
        case ciLow = "ci_low", ciHigh = "ci_high", ratioDefinition = "ratio_definition"
        case pValue = "p_value", effectSize = "effect_size", pHolm = "p_holm"
    }
}

/// A fitted law `a*f(n)+b` of a plugin's time against n, with the ranking of competing shapes.
public struct FitRow: Sendable, Codable, Hashable {
    public var plugin: String
    public var metric: String
    public var clock: String
    public var x: String
    public var shape: String
    /// True when `shape` is the plugin's declared predicted bound.
    public var predicted: Bool
    public var a: Double
    public var aCILow: Double
    public var aCIHigh: Double
    public var b: Double
    public var bCILow: Double
    public var bCIHigh: Double
    public var r2: Double
    public var bestShape: String
    /// All shapes tried, best first, with their quality.
    public var ranking: [ShapeRank]
    /// Slope of log(time) against log(n) with its 95% CI (-1 is linear speedup).
    public var logLogSlope: Double?
    public var logLogSlopeCILow: Double?
    public var logLogSlopeCIHigh: Double?
    /// Every size with its trial counts: failed trials are listed here, never dropped silently.
    public var points: [FitPoint] = []
    /// How the fit was made (what was fitted, the weights, the ranking criterion).
    public var method: String = ""

    enum CodingKeys: String, CodingKey {
        case plugin, metric, clock, x, shape, predicted, a, b, r2, ranking, points, method
        case aCILow = "a_ci_low", aCIHigh = "a_ci_high", bCILow = "b_ci_low", bCIHigh = "b_ci_high"
        case bestShape = "best_shape", logLogSlope = "loglog_slope"
        case logLogSlopeCILow = "loglog_slope_ci_low", logLogSlopeCIHigh = "loglog_slope_ci_high"
    }
}

/// One shape's quality in a ranking.
public struct ShapeRank: Sendable, Codable, Hashable {
    public var shape: String
    public var r2: Double
    public var rmsRelativeError: Double
    /// The ranking criterion (lower is better), `Statistics.aicc`.
    public var aicc: Double? = nil
    enum CodingKeys: String, CodingKey { case shape, r2, aicc, rmsRelativeError = "rms_relative_error" }
}

/// One size of a fit: how many trials ran, how many entered the fit, how many failed, and the
/// mean of those that entered (the statistic the fitted law describes and the plot shows),
/// with its 95% Student-t interval.
public struct FitPoint: Sendable, Codable, Hashable {
    public var x: Double
    public var trials: Int
    public var used: Int
    public var failed: Int
    public var mean: Double
    public var ciLow: Double
    public var ciHigh: Double

    enum CodingKeys: String, CodingKey {
        case x, trials, used, failed, mean
        case ciLow = "ci_low", ciHigh = "ci_high"
    }
}

/// A measured mean beside its closed-form expectation.
public struct ReferenceRow: Sendable, Codable, Hashable {
    public var plugin: String
    public var n: Int
    public var metric: String
    public var exact: Double
    public var measuredMean: Double
    public var ci99Low: Double
    public var ci99High: Double
    public var withinCI99: Bool

    enum CodingKeys: String, CodingKey {
        case plugin, n, metric, exact
        case measuredMean = "measured_mean", ci99Low = "ci99_low", ci99High = "ci99_high", withinCI99 = "within_ci99"
    }
}
