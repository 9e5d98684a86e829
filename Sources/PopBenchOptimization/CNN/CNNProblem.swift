import PopBenchCore

/// The `cnn` task's data and objective, as SGD algorithms see them: the digits split
/// (stratified 1,437/360 by seed), the training set dealt to n nodes (iid or non-iid), the
/// minibatch size B and the network architecture. Immutable and thread-safe: build it once per
/// (task parameters, n) and share it by all trials; each call borrows a `CNNWorkspace` from an
/// internal pool, so concurrent trials never share activations.
///
/// Objective: node i's f_i(w) is the mean softmax cross-entropy over node i's shard, the global
/// f(w) the mean over the training set. `stochasticGradient(node:)` returns the gradient of the
/// mean loss over a minibatch of B samples drawn uniformly without replacement from the shard
/// (node -1: from the whole training set), independently at each call, with the caller's
/// generator: so a trial is a pure function of its seed.
///
/// A model is d = `parameterCount` contiguous values (layout in `CNNNetwork`); Float32 and
/// Float64 overloads are provided (Float64 models are narrowed to Float32 for the network and the
/// gradient widened back: 2d conversions, small beside 1.84 MFLOP per sample).
public final class CNNProblem: Sendable {
    /// Train or test part of the split.
    public enum Part: String, Sendable { case train, test }

    /// The digits.
    public let dataset: DigitsDataset
    /// The architecture.
    public let architecture: CNNArchitecture
    /// The train/test split.
    public let split: DigitsSplit
    /// The training set dealt to the nodes.
    public let shards: DigitsShards
    /// The minibatch size B.
    public let batchSize: Int
    /// The seed of the split, the shards and `initialModel`.
    public let seed: UInt64
    /// d, the number of parameters.
    public let parameterCount: Int
    /// Floating-point operations per SGD step: B * 1.84e6 for the standard network.
    public let flopsPerStep: Int
    private let pool: CNNWorkspacePool

    /// n, the number of nodes.
    public var nodeCount: Int { shards.nodes.count }

    /// Checks the parameters that need no data: n >= 1 and B >= 1, as `UsageError`s naming the field.
    public static func validate(batchSize: Int, nodes: Int) throws {
        if nodes < 1 { throw UsageError("--n: \(nodes) nodes; allowed: n >= 1") }
        if batchSize < 1 {
            throw UsageError("batch: \(batchSize) is out of range; allowed: 1 up to the smallest node shard")
        }
    }

    /// Splits `dataset` by `seed`, deals the training set to `nodes` nodes (`shardMode`).
    /// Throws a `UsageError` for B < 1, B larger than the smallest shard, n outside
    /// 1...(training samples), or a data set of 360 images or fewer.
    public init(dataset: DigitsDataset, architecture: CNNArchitecture = .standard, nodes: Int,
                shardMode: ShardMode, batchSize: Int, seed: UInt64) throws {
        try Self.validate(batchSize: batchSize, nodes: nodes)
        guard dataset.count > 360 else {
            throw UsageError("\(dataset.source): expected more than 360 images (the test set holds 360), found \(dataset.count)")
        }
        let split = DigitsSplit(dataset: dataset, seed: seed)
        guard nodes <= split.train.count else {
            throw UsageError("--n: \(nodes) nodes for \(split.train.count) training samples; allowed: n <= \(split.train.count)")
        }
        let shards = DigitsShards(split: split, labels: dataset.labels, count: nodes, mode: shardMode,
                                  seed: SeedDerivation.subSeed(seed, "cnn-shards"))
        guard batchSize <= shards.smallest else {
            throw UsageError("batch: \(batchSize) is larger than the smallest node shard "
                + "(\(shards.smallest) samples with \(nodes) nodes, \(shardMode.rawValue)); allowed: 1...\(shards.smallest)")
        }
        self.dataset = dataset; self.architecture = architecture; self.split = split
        self.shards = shards; self.batchSize = batchSize; self.seed = seed
        let largest = max(split.train.count, shards.nodes.map(\.count).max() ?? 0)
        let capacity = max(batchSize, 128)
        let pool = CNNWorkspacePool {
            CNNWorkspace(architecture: architecture, capacity: capacity, batchSize: batchSize, largestShard: largest)
        }
        (parameterCount, flopsPerStep) = pool.with {
            ($0.network.parameterCount, $0.network.flopsPerSamplePerStep * batchSize)
        }
        self.pool = pool
    }

    /// Loads the shipped digits (`DigitsDataset.loadDefault`), parses `architecture` and
    /// `split`, then as the designated initializer. Each bad input is a one-line `UsageError`
    /// (missing or malformed file, unknown architecture or split, bad batch size).
    public convenience init(architecture: String = CNNArchitecture.standard.name, nodes: Int,
                            split: String = ShardMode.iid.rawValue, batchSize: Int, seed: UInt64) throws {
        let arch = try CNNArchitecture.parse(architecture)
        let mode = try ShardMode.parse(split)
        try Self.validate(batchSize: batchSize, nodes: nodes)
        try self.init(dataset: DigitsDataset.loadDefault(), architecture: arch, nodes: nodes,
                      shardMode: mode, batchSize: batchSize, seed: seed)
    }

    // MARK: Initialization

    /// Seeded He initialization of a Float32 model (see `CNNNetwork.initialize`).
    public func initialize(parameters: UnsafeMutableBufferPointer<Float>, rng: inout Xoshiro256) {
        pool.with { $0.network.initialize(parameters: parameters, rng: &rng) }
    }

    /// Seeded He initialization of a Float64 model (the same Float32 draws, widened).
    public func initialize(parameters: UnsafeMutablePointer<Double>, rng: inout Xoshiro256) {
        pool.with { ws in
            let d = parameterCount
            ws.network.initialize(parameters: UnsafeMutableBufferPointer(start: ws.parameters, count: d), rng: &rng)
            for i in 0..<d { parameters[i] = Double(ws.parameters[i]) }
        }
    }

    /// The starting model of every node: He initialization with a generator seeded by the
    /// task seed's `cnn-init` sub-seed (a function of the task's seed only).
    public func initialModel(_ parameters: UnsafeMutablePointer<Double>) {
        var rng = Xoshiro256(seed: SeedDerivation.subSeed(seed, "cnn-init"))
        initialize(parameters: parameters, rng: &rng)
    }

    // MARK: Gradients

    /// Writes B distinct indices drawn uniformly from node `node`'s shard (node -1: the training
    /// set) into `ws.batch` (partial Fisher-Yates on a copy of the shard).
    private func sample(node: Int, ws: CNNWorkspace, rng: inout Xoshiro256) -> UnsafeBufferPointer<Int32> {
        let source = node < 0 ? split.train : shards.nodes[node]
        let count = source.count
        source.withUnsafeBufferPointer { ws.shard.update(from: $0.baseAddress!, count: count) }
        for k in 0..<batchSize {
            let j = k + Int(rng.bounded(UInt64(count - k)))
            let picked = ws.shard[j]
            ws.shard[j] = ws.shard[k]
            ws.batch[k] = picked
        }
        return UnsafeBufferPointer(start: ws.batch, count: batchSize)
    }

    /// A stochastic gradient of f_node at `parameters` (node -1: of f) on a fresh minibatch;
    /// returns the minibatch's mean loss. Allocation-free after warm-up.
    @discardableResult
    public func stochasticGradient(node: Int, parameters: UnsafePointer<Float>,
                                   into gradient: UnsafeMutablePointer<Float>,
                                   rng: inout Xoshiro256) -> Float {
        pool.with { ws in
            let batch = sample(node: node, ws: ws, rng: &rng)
            return ws.network.lossAndGradient(parameters: parameters, dataset: dataset, batch: batch, gradient: gradient)
        }
    }

    /// The Float64 form of `stochasticGradient` (narrows the model, widens the gradient).
    @discardableResult
    public func stochasticGradient(node: Int, parameters: UnsafePointer<Double>,
                                   into gradient: UnsafeMutablePointer<Double>,
                                   rng: inout Xoshiro256) -> Float {
        pool.with { ws in
            let d = parameterCount
            for i in 0..<d { ws.parameters[i] = Float(parameters[i]) }
            let batch = sample(node: node, ws: ws, rng: &rng)
            let loss = ws.network.lossAndGradient(parameters: ws.parameters, dataset: dataset,
                                                  batch: batch, gradient: ws.gradient)
            for i in 0..<d { gradient[i] = Double(ws.gradient[i]) }
            return loss
        }
    }

    /// Mean loss over the given minibatch (indices into `dataset`, 1...max(B, 128) of them)
    /// and its gradient into `gradient` (d Floats, overwritten).
    @discardableResult
    public func lossAndGradient(parameters: UnsafePointer<Float>, batch: UnsafeBufferPointer<Int32>,
                                into gradient: UnsafeMutablePointer<Float>) -> Float {
        pool.with { $0.network.lossAndGradient(parameters: parameters, dataset: dataset, batch: batch, gradient: gradient) }
    }

    // MARK: Evaluation

    /// Mean cross-entropy and accuracy (fraction correct) of a Float32 model on a part of the split.
    public func evaluate(parameters: UnsafePointer<Float>, on part: Part) -> (loss: Double, accuracy: Double) {
        pool.with {
            $0.network.evaluate(parameters: parameters, dataset: dataset,
                                indices: part == .train ? split.train : split.test)
        }
    }

    /// Mean cross-entropy and accuracy of a Float64 model (narrowed to Float32).
    public func evaluate(parameters: UnsafePointer<Double>, on part: Part) -> (loss: Double, accuracy: Double) {
        pool.with { ws in
            for i in 0..<parameterCount { ws.parameters[i] = Float(parameters[i]) }
            return ws.network.evaluate(parameters: ws.parameters, dataset: dataset,
                                       indices: part == .train ? split.train : split.test)
        }
    }
}

// MARK: Task parameters

extension CNNProblem {
    /// The `cnn` task's parameters, for its `TaskDescriptor`: `batch` (B, default 32),
    /// `split` (iid | non-iid), `architecture` (the names in `CNNArchitecture.known`), and
    /// `data-seed` (seed of the split, the shards and the initial model; the same for every
    /// algorithm and trial).
    public static let parameterSpecs: [ParameterSpec] = [
        .int("batch", default: 32, range: 1...1437, help: "minibatch size B (at most the smallest node shard)"),
        .choice("split", ShardMode.allCases.map(\.rawValue), default: ShardMode.iid.rawValue,
                help: "iid: shuffled shards; non-iid: shards sorted by label (one or two digits per node)"),
        .choice("architecture", CNNArchitecture.known.map(\.name), default: CNNArchitecture.standard.name,
                help: "conv(1->c1), ReLU, conv(c1->c2), ReLU, 2x2 max-pool, linear(->10); 3x3 kernels, padding 1"),
        .int("data-seed", default: 1, range: 0...9e15,
             help: "seed of the stratified 1437/360 split, the shards and the He initialization"),
    ]

    /// Builds the problem from a configuration holding `parameterSpecs` and the node count n,
    /// loading the shipped digits. Errors are one-line `UsageError`s naming the field.
    public convenience init(config: Configuration, nodes: Int) throws {
        try self.init(architecture: config.string("architecture"), nodes: nodes,
                      split: config.string("split"), batchSize: config.int("batch"),
                      seed: UInt64(config.int("data-seed")))
    }
}
