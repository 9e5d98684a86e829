import PopBenchCore

/// A data set in memory: `rows` samples of `cols` features (row-major Float64), a target per
/// sample, and a class per sample (the label, or a target bin for regression) used by the
/// non-iid splits.
public struct Dataset: Sendable {
    public var rows: Int
    public var cols: Int
    public var x: [Double]
    public var y: [Double]
    public var classes: [Int]

    public init(rows: Int, cols: Int, x: [Double], y: [Double], classes: [Int]) {
        self.rows = rows; self.cols = cols; self.x = x; self.y = y; self.classes = classes
    }

    /// The samples at `indices`.
    public func subset(_ indices: [Int]) -> Dataset {
        var xs: [Double] = []
        xs.reserveCapacity(indices.count * cols)
        for i in indices { xs.append(contentsOf: x[(i * cols)..<((i + 1) * cols)]) }
        return Dataset(rows: indices.count, cols: cols, x: xs, y: indices.map { y[$0] },
                       classes: indices.map { classes[$0] })
    }

    /// Column means and standard deviations of the features.
    public func columnStats() -> (mean: [Double], sd: [Double]) {
        var m = [Double](repeating: 0, count: cols), s = [Double](repeating: 0, count: cols)
        for r in 0..<rows { for c in 0..<cols { m[c] += x[r * cols + c] } }
        for c in 0..<cols { m[c] /= Double(max(rows, 1)) }
        for r in 0..<rows { for c in 0..<cols { let v = x[r * cols + c] - m[c]; s[c] += v * v } }
        for c in 0..<cols { s[c] = (s[c] / Double(max(rows, 1))).squareRoot() }
        return (m, s)
    }

    /// Standardizes the features with the given statistics (constant columns are only centered)
    /// and appends an intercept column of ones.
    public func standardized(mean: [Double], sd: [Double], intercept: Bool) -> Dataset {
        let c2 = cols + (intercept ? 1 : 0)
        var xs = [Double](repeating: 1, count: rows * c2)
        for r in 0..<rows {
            for c in 0..<cols { xs[r * c2 + c] = (x[r * cols + c] - mean[c]) / (sd[c] > 0 ? sd[c] : 1) }
        }
        return Dataset(rows: rows, cols: c2, x: xs, y: y, classes: classes)
    }

    /// Classes from target quantiles (`bins` equal-count bins), for regression targets.
    public static func quantileClasses(_ y: [Double], bins: Int) -> [Int] {
        let order = y.indices.sorted { y[$0] < y[$1] }
        var c = [Int](repeating: 0, count: y.count)
        for (rank, i) in order.enumerated() { c[i] = rank * bins / max(y.count, 1) }
        return c
    }
}

/// A uniformly random permutation of 0..<count (Fisher-Yates).
func shuffled(_ count: Int, _ rng: inout Xoshiro256) -> [Int] {
    var p = Array(0..<count)
    if count > 1 {
        for i in stride(from: count - 1, to: 0, by: -1) {
            let j = Int(rng.bounded(UInt64(i + 1)))
            p.swapAt(i, j)
        }
    }
    return p
}
