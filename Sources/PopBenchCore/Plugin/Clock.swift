/// A time axis on which series are recorded: docs/design.md's clocks.
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
