/// A reading of every clock of docs/design.md at one instant of a trial (one value per `Clock`).
public struct ClockReading: Sendable, Hashable {
    /// Total gradient evaluations over all nodes.
    public var grads: Double
    /// Gradient evaluations per node: `grads` / the number of nodes that compute gradients
    /// (1 for sequential SGD, n otherwise).
    public var nodeSteps: Double
    /// Parallel time: interactions / n, or synchronous rounds.
    public var parallel: Double
    /// Simulated wall-clock seconds under the cost model.
    public var wall: Double
    /// Bytes sent per node (total bytes on the wire / n).
    public var bytes: Double

    public init(grads: Double, nodeSteps: Double, parallel: Double, wall: Double, bytes: Double = 0) {
        self.grads = grads; self.nodeSteps = nodeSteps; self.parallel = parallel; self.wall = wall; self.bytes = bytes
    }

    /// The clocks after `events` events of an algorithm that evaluates `gradsPerEvent` gradients
    /// per event and runs `eventsPerUnit` events per unit of parallel time on `workers` computing
    /// nodes: grads = gradsPerEvent * events, node-steps = grads / workers, parallel =
    /// events / eventsPerUnit. The one place both backends turn events into clocks (the
    /// simulated wall clock and the real one differ only in `wall` and `bytes`).
    public static func after(events: Int, gradsPerEvent: Double, eventsPerUnit: Double, workers: Int,
                             wall: Double, bytes: Double = 0) -> ClockReading {
        let t = Double(events)
        let grads = gradsPerEvent * t
        return ClockReading(grads: grads, nodeSteps: grads / Double(Swift.max(workers, 1)), parallel: t / eventsPerUnit,
                            wall: wall, bytes: bytes)
    }
}
