/// Everything one trial needs, handed by the runner to a plugin: what to run, on which task and
/// population size, with which validated parameters, for how long, and the trial's own seed.
public struct TrialSetup: Sendable, Hashable, Codable {
    /// Plugin catalog name (or protocol file path).
    public var plugin: String
    /// Task name (`mean`, `majority`, ...).
    public var task: String
    /// Population size: agents or nodes.
    public var n: Int
    /// Plugin and task parameters, validated, defaults filled in.
    public var config: Configuration
    /// Run length in parallel time; nil means the plugin's default.
    public var budget: Double?
    /// Target for time to target (optimization); nil means the task's default.
    public var target: Double?
    /// Index of this trial within its cell (0-based).
    public var trial: Int
    /// The trial's seed, derived from the master seed (see `SeedDerivation`).
    public var seed: UInt64
    /// The largest population size of the run, when defaults that depend on n (the default
    /// target's noise regime, and the budget that must reach it) are asked for the whole run
    /// rather than for this n; nil: `n`.
    public var referenceN: Int? = nil
    /// The population size when it is above what `n` stores (2^63, about 9.2e18): only plugins
    /// that simulate real-valued counts run it (`Plugin.runsRealSize`), and `n` then holds
    /// `Int.max`, meaning "beyond 64 bits". nil for every size `n` holds (and then not encoded).
    public var realN: Double? = nil

    /// The population size as a real number: `realN` when set, otherwise `n`.
    public var size: Double { realN ?? Double(n) }

    public init(plugin: String, task: String, n: Int, config: Configuration, budget: Double? = nil,
                target: Double? = nil, trial: Int = 0, seed: UInt64 = 0) {
        self.plugin = plugin; self.task = task; self.n = n; self.config = config; self.budget = budget
        self.target = target; self.trial = trial; self.seed = seed
    }
}
