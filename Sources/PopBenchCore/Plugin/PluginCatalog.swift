/// A family's contribution to the registry: its plugins, its tasks, and optionally a loader for
/// plugins written in files (protocol files).
public struct PluginCatalog: Sendable {
    public var plugins: [any Plugin]
    public var tasks: [TaskDescriptor]
    /// Turns a file path given in `--algos` into a plugin, or nil when the path is not this
    /// family's kind of file.
    public var fileLoader: (@Sendable (String) throws -> (any Plugin)?)?
    /// The check of every setup of this family's tasks before validation: it throws a
    /// `UsageError` for settings the family refuses (a majority with no margin), and returns the
    /// memory and time of one trial estimated from the configuration (nil for other families'
    /// tasks), which the builder checks before any work starts.
    public var resourceEstimator: (@Sendable (TrialSetup) throws -> ResourceEstimate?)?

    public init(plugins: [any Plugin], tasks: [TaskDescriptor],
                fileLoader: (@Sendable (String) throws -> (any Plugin)?)? = nil,
                resourceEstimator: (@Sendable (TrialSetup) throws -> ResourceEstimate?)? = nil) {
        self.plugins = plugins; self.tasks = tasks; self.fileLoader = fileLoader
        self.resourceEstimator = resourceEstimator
    }
}
