import Foundation
import PopBenchCore

/// Mean estimation: node i draws samples xi ~ N(mu + delta_i, sigma^2 I_d).
///
/// Objective f(x) = (1/n) sum_i (1/2) E||x - xi_i||^2, with stochastic gradient x - xi at one
/// sample, mu = L = 1. The optimum is closed-form: x* = mu + (1/n) sum_i delta_i. Here mu =
/// (`mu`, ..., `mu`) and x_0 = 0; the heterogeneity offsets delta_i ~ N(0, zeta^2 I_d) are drawn
/// once per node from `data-seed` (zeta = `heterogeneity`, 0 = iid). Metrics: `error` =
/// ||x_bar - x*||^2 of the average model (primary) and `gamma` = (1/n) sum_i ||x_i - x_bar||^2.
/// The default target (sigma^2 + zeta_hat^2) d / K is the expected error of sequential SGD after
/// K steps of its default schedule eta_t = 1/(t+1) (`defaultTarget(steps:)`; K = 1,000 up to
/// n = 160 with one local step).
public struct MeanTask: OptimizationTask {
    public let dimension: Int
    public let nodes: Int
    public let sigma: Double
    public let mu: Double
    /// delta_i + mu per node, node-major (n * d).
    public let centers: [Double]
    /// x* = mu + mean delta.
    public let optimum: [Double]
    public var strongConvexity: Double { 1 }
    public var smoothness: Double { 1 }

    /// The task's declaration: parameters and metrics.
    public static let descriptor = TaskDescriptor(
        name: "mean", family: .optimization,
        summary: "mean estimation: node i samples N(mu + delta_i, sigma^2 I_d); closed-form optimum",
        parameters: [
            .int("d", default: 10, range: 1...1e7, help: "dimension of the model"),
            .real("sigma", default: 1, range: 0...1e9, help: "standard deviation of each sample coordinate"),
            .real("mu", default: 1, range: -1e9...1e9, help: "every coordinate of the mean (x_0 = 0)"),
            .real("heterogeneity", default: 0, range: 0...1e9,
                  help: "zeta: node offsets delta_i ~ N(0, zeta^2 I) (0 = iid nodes)"),
            .int("data-seed", default: 1, range: 0...9e15, help: "seed of the node offsets (same for every algorithm and trial)"),
        ],
        metrics: [
            MetricSpec("error", direction: .lowerIsBetter, help: "||x_bar - x*||^2, squared distance of the average model to the optimum"),
            MetricSpec("gamma", direction: .lowerIsBetter, help: "node disagreement (1/n) sum_i ||x_i - x_bar||^2"),
        ],
        primaryMetric: "error")

    /// Builds the task for n nodes from a configuration holding the declared parameters.
    public init(config: Configuration, nodes n: Int) {
        self.init(dimension: config.int("d"), nodes: n, sigma: config.double("sigma"), mu: config.double("mu"),
                  heterogeneity: config.double("heterogeneity"), dataSeed: UInt64(config.int("data-seed")))
    }

    public init(dimension d: Int, nodes n: Int, sigma: Double = 1, mu: Double = 1, heterogeneity: Double = 0,
                dataSeed: UInt64 = 1) {
        dimension = d; nodes = n; self.sigma = sigma; self.mu = mu
        var rng = Xoshiro256(seed: dataSeed)
        var c = [Double](repeating: mu, count: n * d)
        var opt = [Double](repeating: 0, count: d)
        if heterogeneity > 0 {
            for i in 0..<(n * d) { c[i] += heterogeneity * rng.normal() }
        }
        for i in 0..<n { for k in 0..<d { opt[k] += c[i * d + k] } }
        for k in 0..<d { opt[k] /= Double(n) }
        centers = c; optimum = opt
    }

    /// The expected error of sequential SGD after K steps of its default schedule
    /// eta_t = 1/(t+1), whose model is then the mean of K samples xi drawn from a uniformly
    /// chosen node: (sigma^2 + zeta_hat^2) d / K, where zeta_hat^2 = (1/(n d)) sum_i
    /// ||delta_i - delta_bar||^2 is the spread of this task's node offsets (0 for iid nodes),
    /// the zeta^2 d floor heterogeneity adds to the noise SGD sees. K comes from
    /// `OptimizationTasks.referenceSteps`.
    public func defaultTarget(steps k: Int) -> Double {
        var spread = 0.0
        for i in 0..<nodes {
            for j in 0..<dimension { let r = centers[i * dimension + j] - optimum[j]; spread += r * r }
        }
        let zeta2 = spread / Double(nodes * dimension)
        return (sigma * sigma + zeta2) * Double(dimension) / Double(Swift.max(k, 1))
    }

    public func initialModel(_ x: UnsafeMutablePointer<Double>) {
        x.update(repeating: 0, count: dimension)
    }

    /// g = x - xi with xi ~ N(mu + delta_node, sigma^2 I).
    @inlinable
    public func gradient(node: Int, at x: UnsafePointer<Double>, into g: UnsafeMutablePointer<Double>,
                         rng: inout Xoshiro256) {
        let d = dimension
        let i = node >= 0 ? node : Int(rng.bounded(UInt64(nodes)))
        let s = sigma
        centers.withUnsafeBufferPointer { c in
            let base = c.baseAddress! + i * d
            for k in 0..<d { g[k] = x[k] - (base[k] + s * rng.normal()) }
        }
    }

    /// `error` of the model.
    public var scoredMetrics: [MetricSpec] { [Self.descriptor.metrics[0]] }

    /// ||x - x*||^2.
    public func score(_ model: UnsafePointer<Double>, count: Int) -> [Double] {
        var e = 0.0
        for k in 0..<dimension { let r = model[k] - optimum[k]; e += r * r }
        return [e]
    }
}
