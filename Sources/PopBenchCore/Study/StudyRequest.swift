/// What a caller of `Study` asks for: plugins on a task at population sizes, with parameter
/// overrides, budget and target, a number of trials and a master seed.
@dynamicMemberLookup
public struct StudyRequest: Sendable, Hashable {
    /// The command or suite that asks (`compare`, `figures`, `check`, ...), stored in the manifest.
    public var command: String
    /// The name mixed into every trial seed; nil: the task's name.
    public var experiment: String?
    /// What the cells are made of (plugins, task, sizes, overrides, budget, target, memory-guard
    /// and default-target settings): the builder's own request, read and written through
    /// `request.sizes`, `request.overrides`, ... so that a field is declared once.
    public var cells: ExperimentBuilder.Request
    /// A plugin run first, as the baseline of every comparison and drawn as a reference line
    /// (sweep's sequential SGD); it may or may not also be listed in `plugins`.
    public var reference: String?
    public var trials: Int
    public var seed: UInt64
    /// Whether records keep their metric series; nil: when the task has a target metric.
    public var keepSeries: Bool?

    public init(command: String, experiment: String? = nil, plugins: [String], reference: String? = nil,
                task: String?, sizes: [Int], overrides: [String: String] = [:], budget: Double? = nil,
                target: Double? = nil, trials: Int, seed: UInt64, keepSeries: Bool? = nil) {
        self.command = command; self.experiment = experiment; self.reference = reference
        self.cells = ExperimentBuilder.Request(plugins: plugins, task: task, sizes: sizes, overrides: overrides,
                                               budget: budget, target: target)
        self.trials = trials; self.seed = seed; self.keepSeries = keepSeries
    }

    /// The fields of the cells' request (`plugins`, `task`, `sizes`, `realSizes`, `overrides`,
    /// `budget`, `target`, `concurrentTrials`, `defaultTargets`).
    public subscript<T>(dynamicMember field: WritableKeyPath<ExperimentBuilder.Request, T>) -> T {
        get { cells[keyPath: field] }
        set { cells[keyPath: field] = newValue }
    }

    /// The plugins in run order: the reference first, then the others without it.
    public var orderedPlugins: [String] {
        (reference.map { [$0] } ?? []) + cells.plugins.filter { $0 != reference }
    }
}
