/// One point of an experiment: a plugin on a task at one population size with one configuration.
public struct Cell: Sendable, Hashable, Codable {
    public var plugin: String
    public var task: String
    public var n: Int
    public var config: Configuration
    /// Run length in parallel time (resolved: the user's `--budget` or the plugin's default).
    public var budget: Double
    /// Target of the task's primary metric, when it has one.
    public var target: Double?

    public init(plugin: String, task: String, n: Int, config: Configuration, budget: Double, target: Double?) {
        self.plugin = plugin; self.task = task; self.n = n; self.config = config
        self.budget = budget; self.target = target
    }

    /// The setup of trial `trial` of this cell under `masterSeed`.
    public func setup(trial: Int, masterSeed: UInt64, experiment: String) -> TrialSetup {
        let seed = SeedDerivation.trialSeed(master: masterSeed, experiment: experiment, plugin: plugin,
                                            parameters: config.canonicalText, n: n, trial: trial)
        return TrialSetup(plugin: plugin, task: task, n: n, config: config, budget: budget,
                          target: target, trial: trial, seed: seed)
    }
}

/// A whole experiment as the runner executes it and the manifest records it.
public struct ExperimentSpec: Sendable, Hashable, Codable {
    /// The command that made it (`compare`, `protocol`, `sweep`, ...).
    public var command: String
    /// Name mixed into every trial seed (the task name by default), so that two experiments on
    /// different tasks never share random streams.
    public var experiment: String
    public var cells: [Cell]
    public var trials: Int
    public var masterSeed: UInt64
    /// Whether trial records keep their metric series (optimization) or only outcomes.
    public var keepSeries: Bool
    /// A plugin run only as a reference (sweep's sequential SGD): drawn as a reference line.
    public var referencePlugin: String?

    public init(command: String, experiment: String, cells: [Cell], trials: Int, masterSeed: UInt64,
                keepSeries: Bool = true, referencePlugin: String? = nil) {
        self.command = command; self.experiment = experiment; self.cells = cells; self.trials = trials
        self.masterSeed = masterSeed; self.keepSeries = keepSeries; self.referencePlugin = referencePlugin
    }

    /// Total number of trials.
    public var totalTrials: Int { cells.count * trials }
}
