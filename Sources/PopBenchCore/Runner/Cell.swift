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
    /// The population size when it is above what `n` stores (see `TrialSetup.realN`); nil for
    /// every ordinary size (and then not encoded).
    public var realN: Double? = nil

    public init(plugin: String, task: String, n: Int, config: Configuration, budget: Double, target: Double?) {
        self.plugin = plugin; self.task = task; self.n = n; self.config = config
        self.budget = budget; self.target = target
    }

    /// The setup of trial `trial` of this cell under `masterSeed`.
    public func setup(trial: Int, masterSeed: UInt64, experiment: String) -> TrialSetup {
        let seed = realN.map {
            SeedDerivation.trialSeed(master: masterSeed, experiment: experiment, plugin: plugin,
                                     parameters: config.canonicalText, size: $0, trial: trial)
        } ?? SeedDerivation.trialSeed(master: masterSeed, experiment: experiment, plugin: plugin,
                                      parameters: config.canonicalText, n: n, trial: trial)
        var setup = TrialSetup(plugin: plugin, task: task, n: n, config: config, budget: budget,
                               target: target, trial: trial, seed: seed)
        setup.realN = realN
        return setup
    }
}
