/// DESIGN.md's time to target: the first checkpoint after which the metric stays at or beyond
/// the target for the rest of the run. A noisy trajectory that dips below the target by luck and
/// comes back does not count; a trial that never settles is a failure.
public enum TimeToTarget {
    /// The index of the settling checkpoint, or nil when the trial never settles.
    public static func settlingIndex(_ values: [Double], target: Double, direction: MetricDirection) -> Int? {
        var index: Int? = nil
        for i in stride(from: values.count - 1, through: 0, by: -1) {
            guard direction.meets(values[i], target), values[i].isFinite else { break }
            index = i
        }
        return index
    }

    /// Time on `clock` at which `series` settles at `target`, or nil.
    public static func time(_ series: Series, metric: String, clock: Clock, target: Double,
                            direction: MetricDirection) -> Double? {
        guard let values = series.metrics[metric], let times = series.clocks[clock.rawValue],
              let i = settlingIndex(values, target: target, direction: direction), i < times.count else { return nil }
        return times[i]
    }
}

/// The across-trial mean of a metric at each checkpoint, with its 95% Student-t band.
public struct MeanCurve: Sendable, Hashable {
    public var plugin: String
    public var n: Int
    public var metric: String
    public var clock: Clock
    /// Mean clock value at each checkpoint.
    public var x: [Double]
    public var mean: [Double]
    public var low: [Double]
    public var high: [Double]
    public var trials: Int

    /// Builds the curve from trials whose checkpoints align by index (the plugins' schedules are
    /// deterministic in parallel time); trials are cut to the shortest one.
    public static func build(_ records: [TrialRecord], metric: String, clock: Clock) -> MeanCurve? {
        let series = records.compactMap(\.series).filter { $0.metrics[metric] != nil && $0.clocks[clock.rawValue] != nil }
        guard let first = records.first, !series.isEmpty else { return nil }
        let length = series.map { min($0.metrics[metric]!.count, $0.clocks[clock.rawValue]!.count) }.min()!
        var curve = MeanCurve(plugin: first.plugin, n: first.n, metric: metric, clock: clock, x: [], mean: [],
                              low: [], high: [], trials: series.count)
        for i in 0..<length {
            let ys = series.map { $0.metrics[metric]![i] }
            let xs = series.map { $0.clocks[clock.rawValue]![i] }
            let m = Statistics.mean(ys)
            let ci = (try? Statistics.meanInterval(ys, level: 0.95)) ?? Interval(low: m, high: m, level: 0.95)
            curve.x.append(Statistics.mean(xs))
            curve.mean.append(m)
            curve.low.append(ci.low)
            curve.high.append(ci.high)
        }
        return curve
    }

    /// The time at which the mean curve reaches `target` and stays there.
    public func crossing(target: Double, direction: MetricDirection) -> Double? {
        TimeToTarget.settlingIndex(mean, target: target, direction: direction).map { x[$0] }
    }
}
