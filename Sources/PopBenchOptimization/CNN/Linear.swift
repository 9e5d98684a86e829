/// A fully connected layer on sample-major rows: x is B x F, the weights Wt are O x F
/// (row-major), the bias b has O entries.
///
///     y = x * Wt^T + b                        (B x O)
///     dWt = dy^T * x,  db = sum_b dy[b],  dx = dy * Wt
public struct Linear: Sendable, Equatable {
    /// F, the input features.
    public let inFeatures: Int
    /// O, the outputs.
    public let outFeatures: Int

    /// A layer mapping F features to O outputs.
    public init(inFeatures: Int, outFeatures: Int) {
        self.inFeatures = inFeatures; self.outFeatures = outFeatures
    }

    /// O * F weights.
    public var weightCount: Int { inFeatures * outFeatures }
    /// O biases.
    public var biasCount: Int { outFeatures }
    /// Weights then biases.
    public var parameterCount: Int { weightCount + biasCount }

    /// y = x * Wt^T + b.
    public func forward(x: UnsafePointer<Float>, weights: UnsafePointer<Float>,
                        bias: UnsafePointer<Float>, batch: Int, y: UnsafeMutablePointer<Float>) {
        BLAS.gemm(transB: true, m: batch, n: outFeatures, k: inFeatures, a: x, lda: inFeatures,
                  b: weights, ldb: inFeatures, c: y, ldc: outFeatures)
        for b in 0..<batch {
            let row = y + b * outFeatures
            for o in 0..<outFeatures { row[o] += bias[o] }
        }
    }

    /// Writes dWt and db (overwriting, or adding to them when `accumulate`: a chunk of a larger
    /// minibatch) and, when `dx` is given, dx = dy * Wt.
    public func backward(dy: UnsafePointer<Float>, x: UnsafePointer<Float>,
                         weights: UnsafePointer<Float>, batch: Int,
                         dWeights: UnsafeMutablePointer<Float>, dBias: UnsafeMutablePointer<Float>,
                         dx: UnsafeMutablePointer<Float>?, accumulate: Bool = false) {
        BLAS.gemm(transA: true, m: outFeatures, n: inFeatures, k: batch, a: dy, lda: outFeatures,
                  b: x, ldb: inFeatures, beta: accumulate ? 1 : 0, c: dWeights, ldc: inFeatures)
        if !accumulate { for o in 0..<outFeatures { dBias[o] = 0 } }
        for b in 0..<batch {
            let row = dy + b * outFeatures
            for o in 0..<outFeatures { dBias[o] += row[o] }
        }
        if let dx {
            BLAS.gemm(m: batch, n: inFeatures, k: outFeatures, a: dy, lda: outFeatures,
                      b: weights, ldb: inFeatures, c: dx, ldc: inFeatures)
        }
    }
}
