/// What a task declares: its parameters, the metrics its trials record, and which one decides
/// the time to target.
public struct TaskDescriptor: Sendable, Hashable {
    public var name: String
    public var family: PluginFamily
    public var summary: String
    public var parameters: [ParameterSpec]
    /// Series metrics, in the order trials record them.
    public var metrics: [MetricSpec]
    /// The metric whose target defines time to target (optimization) or nil (protocols, whose
    /// time is their convergence time).
    public var primaryMetric: String?
    /// The population size commands use when `--n` is not given, when the command's own default
    /// does not fit this task (nil: the command's default).
    public var defaultN: Int?

    public init(name: String, family: PluginFamily, summary: String, parameters: [ParameterSpec] = [],
                metrics: [MetricSpec] = [], primaryMetric: String? = nil, defaultN: Int? = nil) {
        self.name = name; self.family = family; self.summary = summary; self.parameters = parameters
        self.metrics = metrics; self.primaryMetric = primaryMetric; self.defaultN = defaultN
    }

    /// The spec of the primary metric.
    public var primary: MetricSpec? { metrics.first { $0.name == primaryMetric } }
}
