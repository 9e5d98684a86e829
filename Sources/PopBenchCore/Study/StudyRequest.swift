/// What a caller of `Study` asks for: plugins on a task at population sizes, with parameter
/// overrides, budget and target, a number of trials and a master seed.
public struct StudyRequest: Sendable, Hashable {
    /// The command or suite that asks (`compare`, `figures`, `check`, ...), stored in the manifest.
    public var command: String
    /// The name mixed into every trial seed; nil: the task's name.
    public var experiment: String?
    public var plugins: [String]
    /// A plugin run first, as the baseline of every comparison and drawn as a reference line
    /// (sweep's sequential SGD); it may or may not also be listed in `plugins`.
    public var reference: String?
    /// nil: the first plugin's first task.
    public var task: String?
    public var sizes: [Int]
    /// Sizes above 2^63, for plugins that run real sizes (`ExperimentBuilder.Request.realSizes`).
    public var realSizes: [Double] = []
    /// Parameter name (without dashes) -> text value.
    public var overrides: [String: String]
    public var budget: Double?
    public var target: Double?
    public var trials: Int
    public var seed: UInt64
    /// Whether records keep their metric series; nil: when the task has a target metric.
    public var keepSeries: Bool?
    /// Trials that will run at once, for the memory guard.
    public var concurrentTrials = 1
    /// Whether cells without a `target` get their plugins' default target (false for runs that
    /// only need outcomes, such as the reference runs that define a default target).
    public var defaultTargets = true

    public init(command: String, experiment: String? = nil, plugins: [String], reference: String? = nil,
                task: String?, sizes: [Int], overrides: [String: String] = [:], budget: Double? = nil,
                target: Double? = nil, trials: Int, seed: UInt64, keepSeries: Bool? = nil) {
        self.command = command; self.experiment = experiment; self.plugins = plugins; self.reference = reference
        self.task = task; self.sizes = sizes; self.overrides = overrides; self.budget = budget; self.target = target
        self.trials = trials; self.seed = seed; self.keepSeries = keepSeries
    }

    /// The plugins in run order: the reference first, then the others without it.
    public var orderedPlugins: [String] {
        (reference.map { [$0] } ?? []) + plugins.filter { $0 != reference }
    }
}
