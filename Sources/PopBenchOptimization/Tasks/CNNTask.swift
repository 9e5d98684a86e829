import PopBenchCore

/// The small CNN on the 8x8 digits: the small-scale replica of the seed paper's
/// "32 nodes, accuracy against steps" experiment, trainable by every optimization plugin.
///
/// One `CNNProblem` (data, split, shards, network, workspaces) is built per (task parameters, n)
/// and shared by all trials; a model is the network's d = 9,930 parameters (default
/// architecture) as Float64 for the algorithms, narrowed to Float32 inside the network. Node i's
/// stochastic gradient is the mean cross-entropy gradient of a minibatch of B samples drawn
/// without replacement from its shard; sequential SGD (node -1) draws from the whole training
/// set. Every node starts from the same seeded He initialization (a function of `data-seed`).
///
/// Metrics at each checkpoint, of the average model x_bar: `accuracy` on the 360 test images
/// (primary, higher is better), `loss` = mean cross-entropy on the 1,437 training images, and
/// `gamma` = (1/n) sum_i ||x_i - x_bar||^2.
///
/// Step-schedule constants (the objective is non-convex, so neither is a certified constant;
/// both are chosen so that every algorithm's default schedule is the same sensible step):
///
/// - `smoothness` L = 10: 1/L = 0.1 is the step every default schedule starts at (lr-max = 1).
///   It is the measured good constant step of plain minibatch SGD at B = 32 (20 epochs at
///   lr 0.1 reach about 98% test accuracy), i.e. an empirical "largest reliably stable step".
/// - `strongConvexity` mu = 1e-3: the decay lr k/(mu (t + 1)) then stays above the cap 1/L
///   until each node has taken about 1/(mu L) = 10^4 gradient steps (ten times the default
///   budget), so every algorithm runs at the constant per-node step 0.1 over the default
///   budget: SGD, PSGD, Local SGD, D-PSGD and SGP per round, PopSGD per interaction (n/2 events
///   per node step), AD-PSGD per node event (n per node step). No algorithm is tuned more than
///   another; `--lr-schedule constant` gives exactly the same steps, and a smaller `lr-max` or
///   larger mu (through `--lr`) a decaying one.
public struct CNNTask: OptimizationTask {
    /// The shared data, shards and network.
    public let problem: CNNProblem
    /// d, the parameter count of the architecture.
    public let dimension: Int
    /// n, the number of nodes.
    public let nodes: Int

    /// The task's name in the catalog.
    public static let name = "cnn"
    /// L = 10 (default step 1/L = 0.1; see the type's documentation).
    public static let stepSmoothness = 10.0
    /// mu = 1e-3 (no decay before 10^4 steps per node; see the type's documentation).
    public static let stepStrongConvexity = 1e-3
    /// The default target test accuracy, 0.97 (see `defaultTarget`).
    public static let targetAccuracy = 0.97
    /// Epochs of sequential SGD in the default budget.
    public static let budgetEpochs = 20
    /// Training images of the split (1,797 digits less 360 test images).
    public static let trainCount = 1437

    /// mu = 1e-3 (see the type's documentation).
    public var strongConvexity: Double { Self.stepStrongConvexity }
    /// L = 10 (see the type's documentation).
    public var smoothness: Double { Self.stepSmoothness }

    /// The task's declaration: `CNNProblem.parameterSpecs` and the three metrics.
    public static let descriptor = TaskDescriptor(
        name: name, family: .optimization,
        summary: "small CNN (conv-conv-pool-linear, OpenBLAS, Float32) on the 8x8 digits: test accuracy of the average model",
        parameters: CNNProblem.parameterSpecs,
        metrics: [
            MetricSpec("accuracy", direction: .higherIsBetter, help: "test accuracy of the average model (360 held-out images)"),
            MetricSpec("loss", direction: .lowerIsBetter, help: "mean cross-entropy of the average model on the 1,437 training images"),
            MetricSpec("gamma", direction: .lowerIsBetter, help: "node disagreement (1/n) sum_i ||x_i - x_bar||^2"),
        ],
        primaryMetric: "accuracy",
        // At the commands' default n = 64 the 1,437 training images give shards of 22, under the
        // default batch of 32; at 16 nodes every shard holds about 89.
        defaultN: 16)

    /// Builds the task for n nodes from a configuration holding `CNNProblem.parameterSpecs`
    /// (loads the shipped digits). Bad input is a one-line `UsageError` naming the field.
    public init(config: Configuration, nodes n: Int) throws {
        try self.init(problem: CNNProblem(config: config, nodes: n))
    }

    /// Wraps an existing problem (its node count is the task's n).
    public init(problem: CNNProblem) {
        self.problem = problem
        dimension = problem.parameterCount
        nodes = problem.nodeCount
    }

    /// The default target of `accuracy`: 0.97 on the standard configuration. It is the issue's
    /// threshold, and it sits where docs/design.md's "Time to target" wants it: sequential SGD at
    /// B = 32 first holds it after roughly a third to a half of its 20-epoch budget (gradient
    /// noise, not the initial model, decides the time) and ends about a point above it, so every
    /// method has room to settle; a target near SGD's final accuracy (about 0.98, one or two
    /// test images from 0.97) would mostly measure the test set's granularity.
    public static func defaultTarget(_ config: Configuration) -> Double { targetAccuracy }

    /// The default budget in parallel time: 20 epochs of sequential SGD, i.e.
    /// 20 floor(1437 / B) steps (880 at B = 32); every algorithm runs the same parallel time.
    public static func defaultBudget(_ config: Configuration) -> Double {
        let b = config["batch"] != nil ? max(config.int("batch"), 1) : 32
        return Double(budgetEpochs * max(trainCount / b, 1))
    }

    /// 12 checkpoints per decade of parallel time: a checkpoint (a forward pass over 1,797
    /// images) costs about 18 gradient steps at B = 32, so 20 per decade would take half of
    /// sequential SGD's run; 12 give about 32 checkpoints per default run of any algorithm (21%
    /// apart, finer than the trial-to-trial spread of the time to target).
    public var checkpointsPerDecade: Int { 12 }
    /// One unit of parallel time (one step per node): before it the average model is still at
    /// about chance, and an n-node run would spend log10(n) decades of checkpoints there.
    public var firstCheckpoint: Double { 1 }

    /// Writes the shared He initialization.
    public func initialModel(_ x: UnsafeMutablePointer<Double>) { problem.initialModel(x) }

    /// A minibatch gradient of node `node`'s shard (node -1: of the whole training set).
    /// Allocation-free (the problem's workspace pool is warm after the first call per thread).
    @inline(__always)
    public func gradient(node: Int, at x: UnsafePointer<Double>, into g: UnsafeMutablePointer<Double>,
                         rng: inout Xoshiro256) {
        problem.stochasticGradient(node: node, parameters: x, into: g, rng: &rng)
    }

    /// Test `accuracy` and training `loss` of the model.
    public var scoredMetrics: [MetricSpec] { Array(Self.descriptor.metrics.prefix(2)) }
    /// Only test accuracy per node: one forward pass of the 360 test images per node.
    public var nodeScoredCount: Int { 1 }

    /// Test accuracy and, when `count` >= 2, the training loss (a forward pass over 1,437
    /// images, about as much as 14 steps at B = 32). A model whose output is not finite scores
    /// NaN accuracy, so the monitor stops a diverged run.
    public func score(_ model: UnsafePointer<Double>, count: Int) -> [Double] {
        let test = problem.evaluate(parameters: model, on: .test)
        let accuracy = test.loss.isFinite ? test.accuracy : .nan
        guard count >= 2 else { return [accuracy] }
        let train = problem.evaluate(parameters: model, on: .train)
        return [train.loss.isFinite ? accuracy : .nan, train.loss]
    }
}
