import PopBenchCore

/// The `cnn` task's data and model, as an SGD algorithm sees them: the digits split
/// (stratified 1,437/360 by seed), the training set dealt to n nodes, a per-node minibatch
/// sampler, the network and its workspaces. Build one per trial.
///
/// The objective of node i is f_i(w) = mean cross-entropy over node i's shard; the global
/// objective is the mean over the whole training set. A stochastic gradient of f_i is the
/// gradient of the mean loss over a minibatch of `batchSize` samples of shard i, drawn by
/// walking a shuffled copy of the shard and reshuffling when fewer than `batchSize` samples
/// remain (epochs without replacement, last partial batch dropped).
///
/// Parameters are d = `parameterCount` contiguous Float32 values (see `CNNNetwork` for the
/// layout); Float64 overloads convert through internal buffers for algorithms that keep
/// Float64 models. Not thread-safe; `@unchecked Sendable` because it owns raw workspaces.
public final class CNNModel: @unchecked Sendable {
    /// Which part of the split to evaluate on.
    public enum Part: String, Sendable { case train, test }

    /// The digits.
    public let dataset: DigitsDataset
    /// The train/test split.
    public let split: DigitsSplit
    /// The training set dealt to the nodes.
    public let shards: DigitsShards
    /// The minibatch size B.
    public let batchSize: Int
    /// The network and its workspaces (capacity max(B, 128)).
    public let network: CNNNetwork

    /// d, the number of parameters.
    public var parameterCount: Int { network.parameterCount }
    /// n, the number of nodes.
    public var nodeCount: Int { shards.nodes.count }

    private let order: UnsafeMutablePointer<Int32>  // shard permutations, then the whole train set
    private let offsets: [Int]                       // n + 2 boundaries into `order`
    private var cursors: [Int]
    private let floatParameters: UnsafeMutablePointer<Float>
    private let floatGradient: UnsafeMutablePointer<Float>

    /// Checks the task parameters without loading anything: batch size >= 1, n >= 1. (The
    /// shard-size bound is checked by `init`, which knows the shards.)
    public static func validate(batchSize: Int, nodes: Int) throws {
        if nodes < 1 { throw UsageError("--n: \(nodes) nodes; allowed: n >= 1") }
        if batchSize < 1 {
            throw UsageError("batch: \(batchSize) is out of range; allowed: 1 up to the smallest node shard")
        }
    }

    /// Splits `dataset` by `seed`, deals the training set to `nodes` nodes (`shardMode`), and
    /// builds the network. Throws a `UsageError` for a batch size of 0 or larger than the
    /// smallest shard, or fewer than one node.
    public init(dataset: DigitsDataset, architecture: CNNArchitecture = .standard, nodes: Int,
                shardMode: ShardMode, batchSize: Int, seed: UInt64) throws {
        try Self.validate(batchSize: batchSize, nodes: nodes)
        let split = DigitsSplit(dataset: dataset, seed: seed)
        guard nodes <= split.train.count else {
            throw UsageError("--n: \(nodes) nodes for \(split.train.count) training samples; allowed: n <= \(split.train.count)")
        }
        let shards = DigitsShards(split: split, labels: dataset.labels, count: nodes, mode: shardMode,
                                  seed: SplitMix64.mix(seed ^ 0x5348_4152_4453))
        guard batchSize <= shards.smallest else {
            throw UsageError("batch: \(batchSize) is larger than the smallest node shard "
                + "(\(shards.smallest) samples with \(nodes) nodes, \(shardMode.rawValue)); allowed: 1...\(shards.smallest)")
        }
        self.dataset = dataset; self.split = split; self.shards = shards; self.batchSize = batchSize
        network = CNNNetwork(architecture: architecture, height: DigitsDataset.side,
                             width: DigitsDataset.side, capacity: max(batchSize, 128))
        var offsets = [0]
        for node in shards.nodes { offsets.append(offsets.last! + node.count) }
        offsets.append(offsets.last! + split.train.count)
        order = .allocate(capacity: offsets.last!)
        var k = 0
        for part in shards.nodes + [split.train] {
            for index in part { (order + k).initialize(to: index); k += 1 }
        }
        self.offsets = offsets
        cursors = [Int](repeating: Int.max, count: nodes + 1)  // shuffle on first use
        floatParameters = .allocate(capacity: network.parameterCount)
        floatParameters.initialize(repeating: 0, count: network.parameterCount)
        floatGradient = .allocate(capacity: network.parameterCount)
        floatGradient.initialize(repeating: 0, count: network.parameterCount)
    }

    /// Loads the shipped digits (`DigitsDataset.loadDefault`) and parses `architecture`, then
    /// as the designated initializer. Errors: missing/malformed file, unknown architecture,
    /// unknown split, bad batch size, each a one-line `UsageError`.
    public convenience init(architecture: String = CNNArchitecture.standard.name, nodes: Int,
                            split: String = ShardMode.iid.rawValue, batchSize: Int, seed: UInt64) throws {
        let arch = try CNNArchitecture.parse(architecture)
        let mode = try ShardMode.parse(split)
        try Self.validate(batchSize: batchSize, nodes: nodes)
        try self.init(dataset: DigitsDataset.loadDefault(), architecture: arch, nodes: nodes,
                      shardMode: mode, batchSize: batchSize, seed: seed)
    }

    deinit {
        order.deallocate(); floatParameters.deallocate(); floatGradient.deallocate()
    }

    /// Seeded He initialization of a Float32 model (see `CNNNetwork.initialize`).
    public func initialize(parameters: UnsafeMutableBufferPointer<Float>, rng: inout Xoshiro256) {
        network.initialize(parameters: parameters, rng: &rng)
    }

    /// Seeded He initialization of a Float64 model (the Float32 draws, widened).
    public func initialize(parameters: UnsafeMutablePointer<Double>, rng: inout Xoshiro256) {
        let d = parameterCount
        network.initialize(parameters: UnsafeMutableBufferPointer(start: floatParameters, count: d), rng: &rng)
        for i in 0..<d { parameters[i] = Double(floatParameters[i]) }
    }

    /// The next minibatch of node `node` (0..<n), or of the whole training set when `node` is
    /// -1 (sequential SGD). The buffer is valid until the next call for the same node.
    public func nextBatch(node: Int, rng: inout Xoshiro256) -> UnsafeBufferPointer<Int32> {
        let slot = node < 0 ? nodeCount : node
        let start = offsets[slot], count = offsets[slot + 1] - start
        if cursors[slot] > count - batchSize {
            var i = count - 1
            while i > 0 {
                let j = Int(rng.bounded(UInt64(i + 1)))
                swap(&order[start + i], &order[start + j])
                i -= 1
            }
            cursors[slot] = 0
        }
        let batch = UnsafeBufferPointer(start: order + start + cursors[slot], count: batchSize)
        cursors[slot] += batchSize
        return batch
    }

    /// Mean loss over `batch` and its gradient into `gradient` (d Floats, overwritten).
    @discardableResult
    public func lossAndGradient(parameters: UnsafePointer<Float>, batch: UnsafeBufferPointer<Int32>,
                                into gradient: UnsafeMutablePointer<Float>) -> Float {
        network.lossAndGradient(parameters: parameters, dataset: dataset, batch: batch, gradient: gradient)
    }

    /// A stochastic gradient of f_node at `parameters` (node -1: of the global objective) on
    /// the node's next minibatch; returns the minibatch loss.
    @discardableResult
    public func stochasticGradient(node: Int, parameters: UnsafePointer<Float>,
                                   into gradient: UnsafeMutablePointer<Float>,
                                   rng: inout Xoshiro256) -> Float {
        let batch = nextBatch(node: node, rng: &rng)
        return lossAndGradient(parameters: parameters, batch: batch, into: gradient)
    }

    /// The Float64 form of `stochasticGradient`: converts the model to Float32, computes, and
    /// widens the gradient (2d conversions, small beside the 1.84 MFLOP per sample).
    @discardableResult
    public func stochasticGradient(node: Int, parameters: UnsafePointer<Double>,
                                   into gradient: UnsafeMutablePointer<Double>,
                                   rng: inout Xoshiro256) -> Float {
        let d = parameterCount
        for i in 0..<d { floatParameters[i] = Float(parameters[i]) }
        let loss = stochasticGradient(node: node, parameters: floatParameters, into: floatGradient, rng: &rng)
        for i in 0..<d { gradient[i] = Double(floatGradient[i]) }
        return loss
    }

    /// Mean cross-entropy and accuracy of a Float32 model on the training or test set.
    public func evaluate(parameters: UnsafePointer<Float>, on part: Part) -> (loss: Double, accuracy: Double) {
        network.evaluate(parameters: parameters, dataset: dataset,
                         indices: part == .train ? split.train : split.test)
    }

    /// Mean cross-entropy and accuracy of a Float64 model (narrowed to Float32).
    public func evaluate(parameters: UnsafePointer<Double>, on part: Part) -> (loss: Double, accuracy: Double) {
        for i in 0..<parameterCount { floatParameters[i] = Float(parameters[i]) }
        return evaluate(parameters: floatParameters, on: part)
    }
}
