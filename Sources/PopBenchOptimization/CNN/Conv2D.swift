/// A 3x3 convolution, padding 1, stride 1, with bias, computed by im2col + one sgemm over the
/// whole minibatch (see `Im2col` for the layout). Shapes, with N = B * H * W and K = Cin * 9:
///
///     x: Cin x B x H x W     col: K x N     Wt: Cout x K (row-major, [co][ci][kh][kw])
///     y = Wt * col + b       (Cout x N, i.e. Cout x B x H x W), optionally followed by ReLU
///
/// Backward, given dL/dy:
///
///     dWt = dy * col^T       db[co] = sum_j dy[co][j]       dcol = Wt^T * dy,  dx = col2im(dcol)
///
/// With `channelStride` (default N) the layer works on a slice of consecutive samples of a
/// larger minibatch held in the same layout (x, y, dy, dx point at the slice's first sample in
/// channel 0; channel c lies `channelStride` further); `accumulate` adds the slice's dWt and db
/// to what is there, so a minibatch can be processed in cache-sized slices.
public struct Conv2D: Sendable, Equatable {
    /// Cin.
    public let inChannels: Int
    /// Cout.
    public let outChannels: Int
    /// Image height H.
    public let height: Int
    /// Image width W.
    public let width: Int

    /// A layer mapping Cin x H x W to Cout x H x W.
    public init(inChannels: Int, outChannels: Int, height: Int, width: Int) {
        self.inChannels = inChannels; self.outChannels = outChannels
        self.height = height; self.width = width
    }

    /// K = Cin * 9, the rows of the column matrix and the fan-in of each output.
    public var columnRows: Int { inChannels * 9 }
    /// Cout * Cin * 9 weights.
    public var weightCount: Int { outChannels * columnRows }
    /// Cout biases.
    public var biasCount: Int { outChannels }
    /// Weights then biases.
    public var parameterCount: Int { weightCount + biasCount }
    /// H * W.
    public var plane: Int { height * width }
    /// Multiply-adds times 2 of the forward sgemm for one sample: 2 * Cout * K * H * W.
    public var forwardFlopsPerSample: Int { 2 * outChannels * columnRows * plane }

    /// Fills `col` (K x B*H*W) from `x` and writes y = Wt * col + b (then max(0, y) when `relu`)
    /// into `y` (Cout x B*H*W; row stride `yStride`, default `channelStride`).
    public func forward(x: UnsafePointer<Float>, weights: UnsafePointer<Float>,
                        bias: UnsafePointer<Float>, batch: Int, col: UnsafeMutablePointer<Float>,
                        y: UnsafeMutablePointer<Float>, relu: Bool, channelStride: Int? = nil, yStride: Int? = nil) {
        let n = batch * plane
        let stride = channelStride ?? n
        let yRow = yStride ?? stride  // y's row stride (a slice-local y has n)
        Im2col.forward(x: x, channels: inChannels, batch: batch, height: height, width: width,
                       col: col, channelStride: stride)
        BLAS.gemm(m: outChannels, n: n, k: columnRows, a: weights, lda: columnRows,
                  b: UnsafePointer(col), ldb: n, c: y, ldc: yRow)
        for co in 0..<outChannels {
            let row = y + co * yRow, b = bias[co]
            if relu {
                for j in 0..<n { row[j] = max(row[j] + b, 0) }
            } else {
                for j in 0..<n { row[j] += b }
            }
        }
    }

    /// Given `dy` (Cout x N) and the forward pass's `col`, writes dWt and db (overwriting, or
    /// adding when `accumulate`), and, when `dx` is given, dx = col2im(Wt^T * dy) (Cin x N).
    /// `dcol` (K x N scratch) may be the same memory as `col`: col is read only before dcol is
    /// written.
    public func backward(dy: UnsafePointer<Float>, col: UnsafePointer<Float>,
                         weights: UnsafePointer<Float>, batch: Int,
                         dWeights: UnsafeMutablePointer<Float>, dBias: UnsafeMutablePointer<Float>,
                         dcol: UnsafeMutablePointer<Float>, dx: UnsafeMutablePointer<Float>?,
                         channelStride: Int? = nil, accumulate: Bool = false) {
        let n = batch * plane
        let stride = channelStride ?? n
        BLAS.gemm(transB: true, m: outChannels, n: columnRows, k: n, a: dy, lda: stride,
                  b: col, ldb: n, beta: accumulate ? 1 : 0, c: dWeights, ldc: columnRows)
        for co in 0..<outChannels {
            let s = Self.sum(dy + co * stride, count: n)
            dBias[co] = accumulate ? dBias[co] + s : s
        }
        guard let dx else { return }
        BLAS.gemm(transA: true, m: columnRows, n: n, k: outChannels, a: weights, lda: columnRows,
                  b: dy, ldb: stride, c: dcol, ldc: n)
        Im2col.backward(dcol: dcol, channels: inChannels, batch: batch,
                        height: height, width: width, dx: dx, channelStride: stride)
    }

    /// The same gradients from dy given pixel-major, `dyT` (N x Cout, as
    /// `MaxPool.backwardPixelMajor` writes it): dWt = dyT^T col^T and dcol = Wt^T dyT^T, both
    /// products with both operands transposed, db the column sums of dyT. The network's hot
    /// path: on conv2 slices of 1-3 samples OpenBLAS runs both on its small-matrix kernels
    /// (about 100 GFLOP/s, where dy col^T takes the packed path at about 75), and the pool
    /// writes this layout directly, so no transposition is needed.
    public func backward(dyT: UnsafePointer<Float>, col: UnsafePointer<Float>,
                         weights: UnsafePointer<Float>, batch: Int,
                         dWeights: UnsafeMutablePointer<Float>, dBias: UnsafeMutablePointer<Float>,
                         dcol: UnsafeMutablePointer<Float>, dx: UnsafeMutablePointer<Float>?,
                         channelStride: Int? = nil, accumulate: Bool = false) {
        let n = batch * plane
        let stride = channelStride ?? n
        BLAS.gemm(transA: true, transB: true, m: outChannels, n: columnRows, k: n, a: dyT, lda: outChannels,
                  b: col, ldb: n, beta: accumulate ? 1 : 0, c: dWeights, ldc: columnRows)
        if !accumulate { dBias.update(repeating: 0, count: outChannels) }
        Self.addColumnSums(dyT, rows: n, columns: outChannels, into: dBias)
        guard let dx else { return }
        BLAS.gemm(transA: true, transB: true, m: columnRows, n: n, k: outChannels, a: weights, lda: columnRows,
                  b: dyT, ldb: outChannels, c: dcol, ldc: n)
        Im2col.backward(dcol: dcol, channels: inChannels, batch: batch,
                        height: height, width: width, dx: dx, channelStride: stride)
    }

    /// out[c] += sum_j x[j * columns + c]: the column sums of a row-major rows x columns
    /// matrix, eight columns at a time in SIMD lanes (the scalar loop kept a load and a store
    /// per element, as `out` may alias `x` for the compiler).
    @inline(__always)
    static func addColumnSums(_ x: UnsafePointer<Float>, rows: Int, columns: Int, into out: UnsafeMutablePointer<Float>) {
        let raw = UnsafeRawPointer(x)
        var c0 = 0
        while c0 + 8 <= columns {
            var acc = SIMD8<Float>(repeating: 0)
            for j in 0..<rows { acc += raw.loadUnaligned(fromByteOffset: 4 &* (j &* columns &+ c0), as: SIMD8<Float>.self) }
            for l in 0..<8 { out[c0 + l] += acc[l] }
            c0 += 8
        }
        for c in c0..<columns {
            var s: Float = 0
            for j in 0..<rows { s += x[j &* columns &+ c] }
            out[c] += s
        }
    }

    /// sum_i x[i], with eight SIMD lanes of partial sums.
    @inline(__always)
    static func sum(_ x: UnsafePointer<Float>, count: Int) -> Float {
        var acc = SIMD8<Float>(repeating: 0), i = 0
        let raw = UnsafeRawPointer(x)
        while i + 8 <= count {
            acc += raw.loadUnaligned(fromByteOffset: 4 * i, as: SIMD8<Float>.self)
            i += 8
        }
        var s = acc.sum()
        while i < count { s += x[i]; i += 1 }
        return s
    }
}
