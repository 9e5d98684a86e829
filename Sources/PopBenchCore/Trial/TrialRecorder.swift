/// How a trial ended.
public enum TrialStatus: String, Sendable, Hashable, Codable {
    /// Ran to its end (converged, or used its budget).
    case ok
    /// Produced NaN or infinity; recorded, not a crash.
    case diverged
    /// A protocol that did not converge within its budget.
    case timeout
}

/// A metric series recorded at checkpoints against the clocks the plugin keeps.
public struct Series: Sendable, Hashable, Codable {
    /// Clock name -> value at each checkpoint.
    public var clocks: [String: [Double]] = [:]
    /// Metric name -> value at each checkpoint.
    public var metrics: [String: [Double]] = [:]

    public init() {}

    /// Number of checkpoints.
    public var count: Int { clocks.values.first?.count ?? 0 }
}

/// The plugin's side of reporting: checkpoints of a series and final outcomes.
///
/// A plugin calls `checkpoint` as often as its schedule says (not per interaction) and sets
/// outcomes (named final values such as `time`, `interactions`, `correct`) before returning.
public struct TrialRecorder: Sendable {
    public private(set) var series = Series()
    public private(set) var outcomes: [String: Double] = [:]
    public private(set) var status: TrialStatus = .ok

    public init() {}

    /// Records one checkpoint. Metric values that are NaN or infinite mark the trial diverged.
    public mutating func checkpoint(clocks: KeyValuePairs<Clock, Double>, metrics: KeyValuePairs<String, Double>) {
        for (clock, v) in clocks { series.clocks[clock.rawValue, default: []].append(v) }
        for (name, v) in metrics {
            series.metrics[name, default: []].append(v)
            if !v.isFinite { status = .diverged }
        }
    }

    /// Records one checkpoint from lists of (clock, value) and (metric, value) pairs.
    public mutating func checkpoint(clockValues: [(Clock, Double)], metricValues: [(String, Double)]) {
        for (clock, v) in clockValues { series.clocks[clock.rawValue, default: []].append(v) }
        for (name, v) in metricValues {
            series.metrics[name, default: []].append(v)
            if !v.isFinite { status = .diverged }
        }
    }

    /// Records a named final value.
    public mutating func outcome(_ name: String, _ value: Double) { outcomes[name] = value }

    /// Marks how the trial ended (diverged is sticky).
    public mutating func mark(_ s: TrialStatus) { if status != .diverged { status = s } }
}
