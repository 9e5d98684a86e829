/// The two plugin families behind one contract.
public enum PluginFamily: String, Sendable, Hashable, Codable {
    case optimization
    case `protocol`
}

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

/// A time axis on which series are recorded: DESIGN.md's clocks.
public enum Clock: String, Sendable, Hashable, Codable, CaseIterable {
    /// Gradient evaluations per node (total gradients / n; a sequential algorithm's steps): what
    /// each machine spends. The default headline clock, so that an algorithm evaluating two
    /// gradients per unit of parallel time (PopSGD) is not counted at half its cost.
    case nodeSteps = "node-steps"
    /// Total gradient evaluations over all nodes.
    case grads
    /// Parallel time: interactions / n, or synchronous rounds.
    case parallel
    /// Simulated wall-clock seconds under the cost model.
    case wall
    /// Bytes sent per node.
    case bytes

    /// The axis label used in tables and plots.
    public var label: String {
        switch self {
        case .nodeSteps: "gradient evaluations per node (node-steps)"
        case .grads: "gradient evaluations"
        case .parallel: "parallel time (interactions / n)"
        case .wall: "simulated wall-clock time (s)"
        case .bytes: "bytes sent per node"
        }
    }
}

/// What a plugin declares about itself; `popbench list` and `describe` are generated from it.
public struct PluginDescriptor: Sendable, Hashable {
    /// Catalog name, e.g. `popsgd`, `em4`.
    public var name: String
    public var family: PluginFamily
    /// One line.
    public var summary: String
    /// The paper the plugin implements.
    public var reference: String
    /// Names of the tasks it runs on (`mean`, `majority`, ...).
    public var tasks: [String]
    /// Its own parameters (task parameters are declared by the task).
    public var parameters: [ParameterSpec]
    /// The predicted growth of its primary time in n, if a theorem gives one.
    public var predictedBound: FitShape?
    /// Prose on the default step-size schedule or other defaults, with the paper's reason.
    public var notes: String
    /// The smallest population it accepts (pairwise algorithms need 2).
    public var minimumN: Int

    public init(name: String, family: PluginFamily, summary: String, reference: String,
                tasks: [String], parameters: [ParameterSpec] = [], predictedBound: FitShape? = nil,
                notes: String = "", minimumN: Int = 1) {
        self.name = name; self.family = family; self.summary = summary; self.reference = reference
        self.tasks = tasks; self.parameters = parameters; self.predictedBound = predictedBound
        self.notes = notes; self.minimumN = minimumN
    }
}

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
