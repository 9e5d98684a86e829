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
