import Foundation
import PopBenchCore

/// Least squares: f(x) = (1/n) sum_i f_i(x), f_i(x) = mean over node i's shard of (1/2)(a.x - y)^2;
/// stochastic gradient at one sample (a.x - y) a.
///
/// - `data synthetic` (default): `samples` rows a = S z with z ~ N(0, I_d) and S diagonal with
///   S_kk^2 spaced geometrically from 1 down to 1/`condition` (so E[a a^T] has that condition
///   number), y = a.w + `noise` * N(0, 1) with w ~ N(0, I_d); drawn once from `data-seed`.
/// - `data diabetes`: the diabetes data (Efron et al. 2004): an 80/20 split by `data-seed`,
///   features and target standardized on the training part, plus an intercept (d = 11).
///
/// The optimum is closed-form: x* solves the (shard-weighted) normal equations H x = b, by a
/// Cholesky solve; f(x) - f* = (1/2)(x - x*)^T H (x - x*) exactly. Metrics: `loss-gap` (primary),
/// `distance` = ||x_bar - x*|| / ||x*||, `gamma`. mu = lambda_min(H) and L = mean ||a||^2 (the
/// stochastic smoothness that bounds SGD's stable step, Bach and Moulines, NeurIPS 2011).
public struct LinRegTask: OptimizationTask {
    public let dimension: Int
    public let nodes: Int
    public let data: Dataset
    public let shards: Shards
    public let optimum: [Double]
    /// The weighted Hessian H (d x d).
    public let hessian: [Double]
    public let strongConvexity: Double
    public let smoothness: Double
    private let optimumNorm: Double

    /// The task's declaration.
    public static let descriptor = TaskDescriptor(
        name: "linreg", family: .optimization,
        summary: "least squares: synthetic (condition number, noise) or the diabetes data; closed-form optimum",
        parameters: [
            .choice("data", ["synthetic", "diabetes"], default: "synthetic", help: "synthetic Gaussian design or the diabetes data"),
            .int("d", default: 50, range: 1...10_000, help: "dimension (synthetic data)"),
            .int("samples", default: 10_000, range: 1...10_000_000, help: "number of training samples (synthetic data)"),
            .real("condition", default: 10, range: 1...1e12, help: "condition number of E[a a^T] (synthetic data)"),
            .real("noise", default: 1, range: 0...1e9, help: "standard deviation of the label noise (synthetic data)"),
            .int("data-seed", default: 1, range: 0...9e15, help: "seed of the data, split and shards (same for every algorithm and trial)"),
        ] + Shards.parameters,
        metrics: [
            MetricSpec("loss-gap", direction: .lowerIsBetter, help: "f(x_bar) - f(x*), excess training loss of the average model"),
            MetricSpec("distance", direction: .lowerIsBetter, help: "||x_bar - x*|| / ||x*||, relative distance to the optimum"),
            MetricSpec("gamma", direction: .lowerIsBetter, help: "node disagreement (1/n) sum_i ||x_i - x_bar||^2"),
        ],
        primaryMetric: "loss-gap")

    /// Builds the task for n nodes.
    public init(config: Configuration, nodes n: Int) throws {
        var rng = Xoshiro256(seed: UInt64(config.int("data-seed")))
        let train: Dataset
        if config.string("data") == "diabetes" {
            let xr = try DataFileReader.readNumbers("diabetes_data_raw.csv")
            let yr = try DataFileReader.readNumbers("diabetes_target.csv")
            guard xr.count == yr.count, let c = xr.first?.count, xr.allSatisfy({ $0.count == c }) else {
                throw UsageError("diabetes data: features and targets do not match (\(xr.count) vs \(yr.count) rows)")
            }
            let y = yr.map { $0[0] }
            let all = Dataset(rows: xr.count, cols: c, x: xr.flatMap { $0 }, y: y,
                              classes: Dataset.quantileClasses(y, bins: 10))
            let p = shuffled(all.rows, &rng)
            let nTest = Int((0.2 * Double(all.rows)).rounded())
            let raw = all.subset(Array(p[nTest...]))
            let (m, s) = raw.columnStats()
            var t = raw.standardized(mean: m, sd: s, intercept: true)
            let ym = t.y.reduce(0, +) / Double(t.rows)
            let ys = (t.y.reduce(0) { $0 + ($1 - ym) * ($1 - ym) } / Double(t.rows)).squareRoot()
            t.y = t.y.map { ($0 - ym) / ys }
            train = t
        } else {
            let d = config.int("d"), rows = config.int("samples")
            let kappa = config.double("condition"), noise = config.double("noise")
            let w = (0..<d).map { _ in rng.normal() }
            let scale = (0..<d).map { k in d > 1 ? pow(kappa, -Double(k) / (2 * Double(d - 1))) : 1 }
            var x = [Double](repeating: 0, count: rows * d), y = [Double](repeating: 0, count: rows)
            for r in 0..<rows {
                var dot = 0.0
                for k in 0..<d { let v = scale[k] * rng.normal(); x[r * d + k] = v; dot += v * w[k] }
                y[r] = dot + noise * rng.normal()
            }
            train = Dataset(rows: rows, cols: d, x: x, y: y, classes: Dataset.quantileClasses(y, bins: 10))
        }
        guard n <= train.rows else {
            throw UsageError("--n: \(n) nodes but linreg has \(train.rows) training samples; allowed: n <= \(train.rows)")
        }
        let kind = Shards.Kind(rawValue: config.string("split")) ?? .iid
        let shards = Shards(kind: kind, alpha: config.double("dirichlet-alpha"), classes: train.classes, nodes: n, rng: &rng)
        let d = train.cols
        var h = [Double](repeating: 0, count: d * d), b = [Double](repeating: 0, count: d)
        var r2 = 0.0
        for r in 0..<train.rows {
            let w = shards.weights[r] / Double(train.rows)
            let a = r * d
            var sq = 0.0
            for p in 0..<d {
                let ap = train.x[a + p]
                sq += ap * ap
                b[p] += w * ap * train.y[r]
                for q in 0...p { h[p * d + q] += w * ap * train.x[a + q] }
            }
            r2 += w * sq
        }
        for p in 0..<d { for q in 0..<p { h[q * d + p] = h[p * d + q] } }
        optimum = try LinearAlgebra.choleskySolve(h, b, d: d)
        hessian = h
        let ev = LinearAlgebra.symmetricEigenvalues(h, d: d)
        strongConvexity = max(ev.first ?? 1, 1e-12)
        smoothness = max(r2, ev.last ?? 1)
        optimumNorm = max(optimum.reduce(0) { $0 + $1 * $1 }.squareRoot(), 1e-300)
        dimension = d; nodes = n; data = train; self.shards = shards
    }

    public func initialModel(_ x: UnsafeMutablePointer<Double>) { x.update(repeating: 0, count: dimension) }

    /// g = (a.x - y) a for one sample a of node `node`'s shard.
    public func gradient(node: Int, at x: UnsafePointer<Double>, into g: UnsafeMutablePointer<Double>,
                         rng: inout Xoshiro256) {
        let s = shards.sample(node: node, nodes: nodes, &rng)
        let d = dimension
        data.x.withUnsafeBufferPointer { xs in
            let a = xs.baseAddress! + s * d
            var dot = 0.0
            for k in 0..<d { dot += a[k] * x[k] }
            let r = dot - data.y[s]
            for k in 0..<d { g[k] = r * a[k] }
        }
    }

    /// (1/2)(x - x*)^T H (x - x*).
    public func lossGap(_ x: UnsafePointer<Double>) -> Double {
        let d = dimension
        var q = 0.0
        for p in 0..<d {
            var row = 0.0
            for k in 0..<d { row += hessian[p * d + k] * (x[k] - optimum[k]) }
            q += (x[p] - optimum[p]) * row
        }
        return 0.5 * q
    }

    /// `loss-gap` and `distance` of the model.
    public var scoredMetrics: [MetricSpec] { Array(Self.descriptor.metrics.prefix(2)) }

    /// f(x) - f(x*) and ||x - x*|| / ||x*||.
    public func score(_ model: UnsafePointer<Double>, count: Int) -> [Double] {
        var dist = 0.0
        for k in 0..<dimension { let r = model[k] - optimum[k]; dist += r * r }
        return Array([lossGap(model), dist.squareRoot() / optimumNorm].prefix(count))
    }
}
