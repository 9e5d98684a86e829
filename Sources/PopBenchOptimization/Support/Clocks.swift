/// The clocks of DESIGN.md at one instant of a trial.
public struct Clocks: Sendable, Hashable {
    /// Total gradient evaluations over all nodes.
    public var grads: Double
    /// Parallel time: interactions / n, or synchronous rounds.
    public var parallel: Double
    /// Simulated wall-clock seconds under the cost model.
    public var wall: Double
    /// Bytes sent per node (total bytes on the wire / n).
    public var bytes: Double

    public init(grads: Double, parallel: Double, wall: Double, bytes: Double = 0) {
        self.grads = grads; self.parallel = parallel; self.wall = wall; self.bytes = bytes
    }
}
