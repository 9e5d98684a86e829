import Foundation
import PopBenchCore

/// L2-regularized logistic regression on the breast-cancer data (Wolberg, Street, Mangasarian 1995).
///
/// Stratified 80/20 train/test split by `data-seed`; features standardized on the training part,
/// plus an intercept (d = 31); labels y in {0, 1}. Node i's objective is the mean over its shard
/// of log(1 + exp(a.x)) - y a.x, plus (l2/2)||x||^2; stochastic gradient
/// (sigma(a.x) - y) a + l2 x. The reference optimum x* is computed once by Newton's method on the
/// full (shard-weighted) training objective, to a gradient norm below 1e-12. Metrics:
/// `loss-gap` = f(x_bar) - f(x*) (primary), `accuracy` on the test part, `gamma`.
/// mu = l2 and L = mean ||a||^2 / 4 + l2 (the stochastic smoothness).
public struct LogRegTask: OptimizationTask {
    public let dimension: Int
    public let nodes: Int
    public let train: Dataset
    public let test: Dataset
    public let shards: Shards
    public let l2: Double
    public let optimum: [Double]
    public let optimalLoss: Double
    public let strongConvexity: Double
    public let smoothness: Double

    /// The task's declaration.
    public static let descriptor = TaskDescriptor(
        name: "logreg", family: .optimization,
        summary: "logistic regression on the breast-cancer data: loss gap to a Newton reference, test accuracy",
        parameters: [
            .real("l2", default: 1e-3, range: 1e-9...1e3, help: "L2 regularization lambda (the strong-convexity constant)"),
            .int("data-seed", default: 1, range: 0...9e15, help: "seed of the stratified 80/20 split and of the shards (same for every algorithm and trial)"),
        ] + Shards.parameters,
        metrics: [
            MetricSpec("loss-gap", direction: .lowerIsBetter, help: "f(x_bar) - f(x*), excess regularized training loss"),
            MetricSpec("accuracy", direction: .higherIsBetter, help: "test accuracy of the average model"),
            MetricSpec("gamma", direction: .lowerIsBetter, help: "node disagreement (1/n) sum_i ||x_i - x_bar||^2"),
        ],
        primaryMetric: "loss-gap")

    /// Builds the task for n nodes.
    public init(config: Configuration, nodes n: Int) throws {
        var rng = Xoshiro256(seed: UInt64(config.int("data-seed")))
        let rows = try DataFileReader.readNumbers("breast_cancer.csv", skipFirstLine: true)
        guard let c = rows.first?.count, c > 1, rows.allSatisfy({ $0.count == c }) else {
            throw UsageError("breast_cancer.csv: rows of unequal length")
        }
        let labels = rows.map { Int($0[c - 1]) }
        let all = Dataset(rows: rows.count, cols: c - 1, x: rows.flatMap { $0.dropLast() },
                          y: labels.map(Double.init), classes: labels)
        var trainIdx: [Int] = [], testIdx: [Int] = []
        for label in Set(labels).sorted() {
            let members = shuffled(all.rows, &rng).filter { labels[$0] == label }
            let nTest = Int((0.2 * Double(members.count)).rounded())
            testIdx += members[..<nTest]; trainIdx += members[nTest...]
        }
        let rawTrain = all.subset(trainIdx.sorted()), rawTest = all.subset(testIdx.sorted())
        let (m, s) = rawTrain.columnStats()
        let tr = rawTrain.standardized(mean: m, sd: s, intercept: true)
        guard n <= tr.rows else {
            throw UsageError("--n: \(n) nodes but logreg has \(tr.rows) training samples; allowed: n <= \(tr.rows)")
        }
        let kind = Shards.Kind(rawValue: config.string("split")) ?? .iid
        let sh = Shards(kind: kind, alpha: config.double("dirichlet-alpha"), classes: tr.classes, nodes: n, rng: &rng)
        let lambda = config.double("l2")
        let (opt, loss) = try LogRegTask.newton(tr, weights: sh.weights, l2: lambda)
        var r2 = 0.0
        for r in 0..<tr.rows {
            var sq = 0.0
            for k in 0..<tr.cols { sq += tr.x[r * tr.cols + k] * tr.x[r * tr.cols + k] }
            r2 += sh.weights[r] * sq / Double(tr.rows)
        }
        dimension = tr.cols; nodes = n; train = tr; test = rawTest.standardized(mean: m, sd: s, intercept: true)
        shards = sh; l2 = lambda; optimum = opt; optimalLoss = loss
        strongConvexity = lambda; smoothness = r2 / 4 + lambda
    }

    /// The weighted regularized loss at x.
    public static func loss(_ data: Dataset, weights: [Double], l2: Double, _ x: UnsafePointer<Double>) -> Double {
        let d = data.cols
        var f = 0.0
        for r in 0..<data.rows {
            var z = 0.0
            for k in 0..<d { z += data.x[r * d + k] * x[k] }
            // log(1 + e^z) - y z, computed stably
            let softplus = z > 0 ? z + log1p(exp(-z)) : log1p(exp(z))
            f += weights[r] * (softplus - data.y[r] * z)
        }
        var reg = 0.0
        for k in 0..<d { reg += x[k] * x[k] }
        return f / Double(data.rows) + 0.5 * l2 * reg
    }

    /// Newton's method on the full training objective: the reference optimum and its loss.
    static func newton(_ data: Dataset, weights: [Double], l2: Double) throws -> ([Double], Double) {
        let d = data.cols, rows = Double(data.rows)
        var x = [Double](repeating: 0, count: d)
        for _ in 0..<100 {
            var g = x.map { l2 * $0 }
            var h = [Double](repeating: 0, count: d * d)
            for k in 0..<d { h[k * d + k] = l2 }
            for r in 0..<data.rows {
                var z = 0.0
                for k in 0..<d { z += data.x[r * d + k] * x[k] }
                let p = 1 / (1 + exp(-z)), w = weights[r] / rows
                for k in 0..<d {
                    let ak = data.x[r * d + k]
                    g[k] += w * (p - data.y[r]) * ak
                    for q in 0...k { h[k * d + q] += w * p * (1 - p) * ak * data.x[r * d + q] }
                }
            }
            for k in 0..<d { for q in 0..<k { h[q * d + k] = h[k * d + q] } }
            let gn = g.reduce(0) { $0 + $1 * $1 }.squareRoot()
            if gn < 1e-12 { break }
            let step = try LinearAlgebra.choleskySolve(h, g, d: d)
            for k in 0..<d { x[k] -= step[k] }
        }
        let f = x.withUnsafeBufferPointer { loss(data, weights: weights, l2: l2, $0.baseAddress!) }
        return (x, f)
    }

    public func initialModel(_ x: UnsafeMutablePointer<Double>) { x.update(repeating: 0, count: dimension) }

    /// g = (sigma(a.x) - y) a + l2 x for one sample a of node `node`'s shard.
    public func gradient(node: Int, at x: UnsafePointer<Double>, into g: UnsafeMutablePointer<Double>,
                         rng: inout Xoshiro256) {
        let s = shards.sample(node: node, nodes: nodes, &rng)
        let d = dimension, lambda = l2
        train.x.withUnsafeBufferPointer { xs in
            let a = xs.baseAddress! + s * d
            var z = 0.0
            for k in 0..<d { z += a[k] * x[k] }
            let r = 1 / (1 + exp(-z)) - train.y[s]
            for k in 0..<d { g[k] = r * a[k] + lambda * x[k] }
        }
    }

    /// Fraction of test samples classified correctly (a.x > 0 means label 1).
    public func accuracy(_ x: UnsafePointer<Double>) -> Double {
        let d = dimension
        var right = 0
        for r in 0..<test.rows {
            var z = 0.0
            for k in 0..<d { z += test.x[r * d + k] * x[k] }
            if (z > 0 ? 1.0 : 0.0) == test.y[r] { right += 1 }
        }
        return Double(right) / Double(max(test.rows, 1))
    }

    /// `loss-gap` and test `accuracy` of the model.
    public var scoredMetrics: [MetricSpec] { Array(Self.descriptor.metrics.prefix(2)) }

    /// f(x) - f(x*) and the test accuracy.
    public func score(_ model: UnsafePointer<Double>, count: Int) -> [Double] {
        let gap = LogRegTask.loss(train, weights: shards.weights, l2: l2, model) - optimalLoss
        return count >= 2 ? [gap, accuracy(model)] : [gap]
    }
}
