/// A metric recorded as a series at checkpoints (e.g. the error of the average model).
public struct MetricSpec: Sendable, Hashable {
    public var name: String
    public var unit: String
    public var direction: MetricDirection
    public var help: String
    public init(_ name: String, unit: String = "", direction: MetricDirection = .lowerIsBetter, help: String) {
        self.name = name; self.unit = unit; self.direction = direction; self.help = help
    }
}
