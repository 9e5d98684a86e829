import Foundation
import PopBenchCore

/// The cost model behind the simulated wall clock (DESIGN.md, "Three clocks").
///
/// - Compute: one gradient takes a time drawn from a distribution: `constant` (always
///   `compute-time`), or `lognormal` with mean `compute-time` and log-standard deviation
///   `straggler-sigma` (exp(m + s Z) with m = log(mean) - s^2/2: a heavy right tail of stragglers).
/// - Communication: latency alpha (`latency`, s), bandwidth beta (`bandwidth`, bytes/s), model
///   size M = 4d bytes (Float32 on the wire) unless `model-bytes` overrides it.
///   A pairwise exchange costs alpha + M/beta; a ring all-reduce (Patarasuk and Yuan, 2009)
///   costs 2(n-1) alpha + 2((n-1)/n) M/beta.
/// - Synchronous algorithms wait for their slowest node; asynchronous ones keep per-node clocks
///   (see `NodeClocks`).
///
/// Compute times are drawn from their own generator, split off the trial's generator once, so
/// the optimization trajectory is the same whatever the cost model says.
public struct CostModel: Sendable, Hashable {
    /// The distribution of the time one gradient takes.
    public enum Compute: String, Sendable, Hashable, CaseIterable {
        case constant
        case lognormal
    }

    public var compute: Compute
    /// Mean seconds per gradient evaluation.
    public var computeTime: Double
    /// Log-standard deviation of the lognormal compute time.
    public var stragglerSigma: Double
    /// alpha: seconds per message.
    public var latency: Double
    /// beta: bytes per second.
    public var bandwidth: Double
    /// M: bytes per model.
    public var modelBytes: Double

    /// Cost-model parameters, declared once and appended to every algorithm's parameters.
    public static let parameters: [ParameterSpec] = [
        .choice("compute", Compute.allCases.map(\.rawValue), default: "constant",
                help: "per-gradient compute time: constant, or lognormal with a heavy straggler tail"),
        .real("compute-time", default: 1e-3, range: 0...1e6, help: "mean seconds per gradient evaluation"),
        .real("straggler-sigma", default: 1.5, range: 0...10,
              help: "log-standard deviation of the lognormal compute time (1.5: the slowest of 32 takes about 15x the mean)"),
        .real("latency", default: 5e-5, range: 0...1e6, help: "alpha: message latency in seconds (50 us, a datacenter network)"),
        .real("bandwidth", default: 1.25e9, range: 1...1e15, help: "beta: bandwidth in bytes per second (10 Gbit/s)"),
        .real("model-bytes", default: 0, range: 0...1e15, help: "M: bytes per model on the wire; 0 = 4d (Float32)"),
    ]

    public init(compute: Compute = .constant, computeTime: Double = 1e-3, stragglerSigma: Double = 1.5,
                latency: Double = 5e-5, bandwidth: Double = 1.25e9, modelBytes: Double) {
        self.compute = compute; self.computeTime = computeTime; self.stragglerSigma = stragglerSigma
        self.latency = latency; self.bandwidth = bandwidth; self.modelBytes = modelBytes
    }

    /// Reads the model from a configuration holding `parameters`, for a model of `dimension` reals.
    public init(_ config: Configuration, dimension: Int) throws {
        guard let c = Compute(rawValue: config.string("compute")) else {
            throw UsageError("--compute: unknown value '\(config.string("compute"))'; allowed: constant, lognormal")
        }
        let bytes = config.double("model-bytes")
        self.init(compute: c, computeTime: config.double("compute-time"),
                  stragglerSigma: config.double("straggler-sigma"), latency: config.double("latency"),
                  bandwidth: config.double("bandwidth"), modelBytes: bytes > 0 ? bytes : 4 * Double(dimension))
        if !(bandwidth > 0) { throw UsageError("--bandwidth: \(formatReal(bandwidth)) is out of range; allowed: > 0") }
        if !(latency >= 0) { throw UsageError("--latency: \(formatReal(latency)) is out of range; allowed: >= 0") }
        if !(computeTime >= 0) { throw UsageError("--compute-time: \(formatReal(computeTime)) is out of range; allowed: >= 0") }
    }

    /// alpha + M/beta: one pairwise model exchange.
    @inlinable public var pairwise: Double { latency + modelBytes / bandwidth }

    /// 2(n-1) alpha + 2((n-1)/n) M/beta: a ring all-reduce among n nodes.
    @inlinable public func allReduce(_ n: Int) -> Double {
        guard n > 1 else { return 0 }
        let m = Double(n - 1)
        return 2 * m * latency + 2 * (m / Double(n)) * modelBytes / bandwidth
    }

    /// Draws one gradient's compute time.
    @inlinable
    public func sample(_ rng: inout Xoshiro256) -> Double {
        switch compute {
        case .constant: return computeTime
        case .lognormal:
            let s = stragglerSigma
            return computeTime * Foundation.exp(s * rng.normal() - s * s / 2)
        }
    }

    /// The expected compute time of one gradient.
    public var meanCompute: Double { computeTime }
}
