/// docs/design.md's time to target: the first checkpoint after which the metric stays at or beyond
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
