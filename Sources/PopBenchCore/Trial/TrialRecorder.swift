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
