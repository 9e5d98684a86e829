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
    /// Backends, MPI exchange, overlap, clocks: what commands and figures select it by.
    public var capabilities: Capabilities

    /// `capabilities` defaults to the family's: simulated on every clock for an optimization
    /// algorithm, simulated on parallel time for a protocol.
    public init(name: String, family: PluginFamily, summary: String, reference: String,
                tasks: [String], parameters: [ParameterSpec] = [], predictedBound: FitShape? = nil,
                notes: String = "", minimumN: Int = 1, capabilities: Capabilities? = nil) {
        self.name = name; self.family = family; self.summary = summary; self.reference = reference
        self.tasks = tasks; self.parameters = parameters; self.predictedBound = predictedBound
        self.notes = notes; self.minimumN = minimumN
        self.capabilities = capabilities ?? (family == .optimization ? Capabilities() : .populationProtocol)
    }
}
