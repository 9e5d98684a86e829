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
