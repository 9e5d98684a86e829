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
