import Foundation
import PopBenchCore

/// The costs behind the simulated wall clock (docs/design.md, "Simulated wall clock"); `DeploymentSimulator`
/// is the discrete-event engine that charges them.
///
/// - Compute: node i takes s_i * c * e per gradient, where c is `compute-time`, s_i its
///   persistent slowness (a fraction `straggler-fraction` of the nodes, drawn once per trial,
///   are `straggler-factor` times slower; the others have s_i = 1) and e per-gradient noise:
///   1 under `constant`, or lognormal exp(s Z - s^2/2) with mean 1 and log-sd s =
///   `straggler-sigma` under `lognormal` (a heavy right tail).
/// - Communication: latency alpha (`latency`, s), bandwidth beta (`bandwidth`, bytes/s), model
///   size M = 4d bytes (Float32 on the wire) unless `model-bytes` overrides it. A pairwise
///   exchange or a one-sided get costs alpha + M/beta. All-reduce (Thakur, Rabenseifner, Gropp,
///   "Optimization of collective communication operations in MPICH", IJHPCA 2005): `ring`
///   2(n-1) alpha + 2((n-1)/n) M/beta; `tree` (recursive halving reduce-scatter, then recursive
///   doubling all-gather, Rabenseifner's algorithm) 2 ceil(log2 n) alpha + 2((n-1)/n) M/beta.
///   Both send 2((n-1)/n) M bytes per node.
public struct CostModel: Sendable, Hashable {
    /// The distribution of the per-gradient noise factor.
    public enum Compute: String, Sendable, Hashable, CaseIterable {
        case constant
        case lognormal
    }

    /// The all-reduce algorithm of the synchronous methods.
    public enum AllReduce: String, Sendable, Hashable, CaseIterable {
        case ring
        case tree
    }

    public var compute: Compute
    /// Mean seconds per gradient evaluation of a node that is not a straggler.
    public var computeTime: Double
    /// Log-standard deviation of the lognormal per-gradient noise.
    public var stragglerSigma: Double
    /// Fraction of the nodes that are persistently slow.
    public var stragglerFraction: Double
    /// How many times slower a persistent straggler computes.
    public var stragglerFactor: Double
    /// alpha: seconds per message.
    public var latency: Double
    /// beta: bytes per second.
    public var bandwidth: Double
    /// M: bytes per model.
    public var modelBytes: Double
    /// The all-reduce algorithm.
    public var allReduceAlgorithm: AllReduce

    /// Cost-model parameters, declared once and appended to every algorithm's parameters.
    public static let parameters: [ParameterSpec] = [
        .choice("compute", Compute.allCases.map(\.rawValue), default: "constant",
                help: "per-gradient compute noise: constant, or lognormal with a heavy right tail"),
        .real("compute-time", default: 1e-3, range: 0...1e6, help: "mean seconds per gradient evaluation of a normal node"),
        .real("straggler-sigma", default: 1.5, range: 0...10,
              help: "log-sd of the lognormal per-gradient noise (1.5: the slowest of 32 draws takes about 15x the mean)"),
        .real("straggler-fraction", default: 0, range: 0...1, help: "fraction of the nodes that are persistently slow"),
        .real("straggler-factor", default: 2, range: 1...1e6, help: "how many times slower a persistent straggler computes"),
        .real("latency", default: 5e-5, range: 0...1e6,
              help: "alpha: message latency in seconds (default: the 10gbe preset's 50 us; see --network)"),
        .real("bandwidth", default: 1.25e9, range: 1...1e15,
              help: "beta: bandwidth in bytes per second (default: the 10gbe preset's 10 Gbit/s)"),
        .real("model-bytes", default: 0, range: 0...1e15, help: "M: bytes per model on the wire; 0 = 4d (Float32)"),
        .choice("allreduce", AllReduce.allCases.map(\.rawValue), default: "ring",
                help: "all-reduce of psgd and localsgd: ring 2(n-1)a + 2((n-1)/n)M/b, or tree 2 log2(n) a + 2((n-1)/n)M/b"),
    ]

    public init(compute: Compute = .constant, computeTime: Double = 1e-3, stragglerSigma: Double = 1.5,
                stragglerFraction: Double = 0, stragglerFactor: Double = 2,
                latency: Double = 5e-5, bandwidth: Double = 1.25e9, modelBytes: Double, allReduce: AllReduce = .ring) {
        self.compute = compute; self.computeTime = computeTime; self.stragglerSigma = stragglerSigma
        self.stragglerFraction = stragglerFraction; self.stragglerFactor = stragglerFactor
        self.latency = latency; self.bandwidth = bandwidth; self.modelBytes = modelBytes
        self.allReduceAlgorithm = allReduce
    }

    /// Reads the model from a configuration holding `parameters`, for a model of `dimension` reals.
    public init(_ config: Configuration, dimension: Int) throws {
        guard let c = Compute(rawValue: config.string("compute")) else {
            throw UsageError("--compute: unknown value '\(config.string("compute"))'; allowed: constant, lognormal")
        }
        guard let a = AllReduce(rawValue: config.string("allreduce")) else {
            throw UsageError("--allreduce: unknown value '\(config.string("allreduce"))'; allowed: ring, tree")
        }
        let bytes = config.double("model-bytes")
        self.init(compute: c, computeTime: config.double("compute-time"),
                  stragglerSigma: config.double("straggler-sigma"),
                  stragglerFraction: config.double("straggler-fraction"), stragglerFactor: config.double("straggler-factor"),
                  latency: config.double("latency"), bandwidth: config.double("bandwidth"),
                  modelBytes: bytes > 0 ? bytes : 4 * Double(dimension), allReduce: a)
        if !(bandwidth > 0) { throw UsageError("--bandwidth: \(formatReal(bandwidth)) is out of range; allowed: > 0") }
        if !(latency >= 0) { throw UsageError("--latency: \(formatReal(latency)) is out of range; allowed: >= 0") }
        if !(computeTime >= 0) { throw UsageError("--compute-time: \(formatReal(computeTime)) is out of range; allowed: >= 0") }
        if !(0...1).contains(stragglerFraction) {
            throw UsageError("--straggler-fraction: \(formatReal(stragglerFraction)) is out of range; allowed: 0...1")
        }
        if !(stragglerFactor >= 1) {
            throw UsageError("--straggler-factor: \(formatReal(stragglerFactor)) is out of range; allowed: >= 1")
        }
    }

    /// alpha + M/beta: one pairwise model exchange or one-sided get.
    @inlinable public var pairwise: Double { latency + modelBytes / bandwidth }

    /// The all-reduce of `allReduceAlgorithm` among n nodes (see the type's documentation).
    @inlinable public func allReduce(_ n: Int) -> Double {
        guard n > 1 else { return 0 }
        let m = Double(n - 1)
        let volume = 2 * (m / Double(n)) * modelBytes / bandwidth
        switch allReduceAlgorithm {
        case .ring: return 2 * m * latency + volume
        case .tree: return 2 * Double(CostModel.ceilLog2(n)) * latency + volume
        }
    }

    /// Bytes each node sends in one all-reduce among n nodes: 2((n-1)/n) M for both algorithms.
    @inlinable public func allReduceBytes(_ n: Int) -> Double {
        n > 1 ? 2 * (Double(n - 1) / Double(n)) * modelBytes : 0
    }

    /// ceil(log2 n) for n >= 1.
    @inlinable public static func ceilLog2(_ n: Int) -> Int {
        var k = 0
        while (1 << k) < n { k += 1 }
        return k
    }

    /// Draws one gradient's noise factor (mean 1).
    @inlinable
    public func noise(_ rng: inout Xoshiro256) -> Double {
        switch compute {
        case .constant: return 1
        case .lognormal:
            let s = stragglerSigma
            return Foundation.exp(s * rng.normal() - s * s / 2)
        }
    }

    /// Gradients per second of n nodes computing all the time at their own speeds, with free
    /// communication: sum_i 1 / (s_i c) = (n - k + k / factor) / c, k stragglers (the noise has mean 1
    /// per gradient, so a node's rate is 1 / (s_i c) in the long run).
    public func idealRate(n: Int) -> Double {
        guard computeTime > 0 else { return .infinity }
        let k = Double(stragglerCount(n: n))
        return (Double(n) - k + k / stragglerFactor) / computeTime
    }

    /// How many of n nodes are persistent stragglers: round(f n).
    public func stragglerCount(n: Int) -> Int {
        Swift.min(n, Int((stragglerFraction * Double(n)).rounded()))
    }
}
