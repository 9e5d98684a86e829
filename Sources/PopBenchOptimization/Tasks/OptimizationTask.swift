import PopBenchCore

/// An objective split across n nodes, as the algorithms see it.
///
/// The global objective is f(x) = (1/n) sum_i f_i(x), where node i's local objective f_i is an
/// expectation over its own samples. Algorithms are generic over this protocol (no existential
/// dispatch inside their loops); models are contiguous `dimension`-long runs of Float64.
public protocol OptimizationTask: Sendable {
    /// d, the number of model coordinates.
    var dimension: Int { get }
    /// mu: a lower bound on the curvature (the strong-convexity constant) used by step schedules.
    var strongConvexity: Double { get }
    /// L: the smoothness constant used by step schedules (1/L is the largest stable step).
    var smoothness: Double { get }

    /// Writes the starting model x_0 (the same for every node).
    func initialModel(_ x: UnsafeMutablePointer<Double>)

    /// Writes into `g` a stochastic gradient of node `node`'s local objective f_node at `x`
    /// (one sample or one mini-batch; no allocation).
    func gradient(node: Int, at x: UnsafePointer<Double>, into g: UnsafeMutablePointer<Double>,
                  rng: inout Xoshiro256)

    /// Writes into `g` a stochastic gradient of the global objective f at `x`: a sample from a
    /// node chosen uniformly at random (what sequential SGD sees).
    func globalGradient(at x: UnsafePointer<Double>, into g: UnsafeMutablePointer<Double>,
                        rng: inout Xoshiro256)

    /// Log-spaced checkpoints per decade of parallel time (`CheckpointSchedule`); 20 by default.
    var checkpointsPerDecade: Int { get }
    /// Parallel time before which no checkpoint is recorded except the first (after one
    /// event); 0 by default. Lets a task whose checkpoints are expensive skip the first partial
    /// unit, where n-node runs would otherwise spend log10(n) decades of checkpoints.
    var firstCheckpoint: Double { get }

    /// The metrics `score` returns, in its order, primary first (every declared metric but
    /// Gamma, which the monitor computes from the models).
    var scoredMetrics: [MetricSpec] { get }
    /// How many of `scoredMetrics` (a prefix) are also scored on every node's own model at
    /// checkpoints; all of them unless a task says otherwise (the CNN scores only test accuracy
    /// per node: one forward pass of the 360 test images per node).
    var nodeScoredCount: Int { get }

    /// The values of `scoredMetrics` (the first `count` of them) for one model: the average
    /// model at a checkpoint, or one node's own model. Called at checkpoints only.
    func score(_ model: UnsafePointer<Double>, count: Int) -> [Double]
}

extension OptimizationTask {
    /// 20 checkpoints per decade.
    public var checkpointsPerDecade: Int { 20 }
    /// No skipped region.
    public var firstCheckpoint: Double { 0 }
    /// Every scored metric is also scored per node.
    public var nodeScoredCount: Int { scoredMetrics.count }

    public func globalGradient(at x: UnsafePointer<Double>, into g: UnsafeMutablePointer<Double>,
                               rng: inout Xoshiro256) {
        gradient(node: -1, at: x, into: g, rng: &rng)
    }
}
