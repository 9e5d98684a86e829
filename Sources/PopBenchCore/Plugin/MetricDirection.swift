/// Whether a smaller or a larger value of a metric is better; decides what "reaching a target" means.
public enum MetricDirection: String, Sendable, Hashable, Codable {
    case lowerIsBetter = "lower"
    case higherIsBetter = "higher"

    /// True when `value` is at or beyond `target` in the good direction.
    public func meets(_ value: Double, _ target: Double) -> Bool {
        switch self {
        case .lowerIsBetter: value <= target
        case .higherIsBetter: value >= target
        }
    }
}
