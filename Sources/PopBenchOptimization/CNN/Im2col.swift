/// im2col and col2im for a 3x3 convolution with padding 1 and stride 1, on activations laid out
/// channel-major over the whole minibatch: `x[c][b][h][w]`, i.e. element (c, b, h, w) at
/// `((c * B + b) * H + h) * W + w`. (This layout lets one sgemm per layer cover the minibatch.)
///
/// The column matrix has K = C * 9 rows and N = B * H * W columns, row r = c * 9 + kh * 3 + kw,
/// column j = (b * H + h) * W + w:
///
///     col[r][j] = x[c][b][h + kh - 1][w + kw - 1]   (0 outside the image)
///
/// so the convolution is Y (Cout x N) = Wt (Cout x K) * col (K x N), one sgemm.
///
/// In this layout row r is channel c's whole N-vector shifted by s = (kh - 1) W + (kw - 1):
/// col[r][j] = x[c][j + s], except at the image borders (h + kh - 1 or w + kw - 1 outside the
/// image), which are 0. So each row is one memory copy plus zeroing of the border entries, and
/// col2im is one shifted vector addition per row after the border entries are dropped.
///
/// `channelStride` (default B * H * W) lets both work on a slice of consecutive samples of a
/// larger minibatch: x points at the slice's first sample in channel 0, channel c at
/// x + c * channelStride; the column matrix always covers just the slice.
public enum Im2col {
    /// Writes `col` (C*9 x B*H*W) from `x` (C x B x H x W).
    public static func forward(x: UnsafePointer<Float>, channels: Int, batch: Int,
                               height: Int, width: Int, col: UnsafeMutablePointer<Float>,
                               channelStride: Int? = nil) {
        let n = batch * height * width
        let stride = channelStride ?? n
        for c in 0..<channels {
            let xc = x + c * stride
            for kh in 0..<3 {
                for kw in 0..<3 {
                    let row = col + (c * 9 + kh * 3 + kw) * n
                    let s = (kh - 1) * width + (kw - 1)
                    let lo = max(0, -s), hi = min(n, n - s)
                    if lo > 0 { row.update(repeating: 0, count: lo) }
                    (row + lo).update(from: xc + lo + s, count: hi - lo)
                    if hi < n { (row + hi).update(repeating: 0, count: n - hi) }
                    zeroBorders(row, kh: kh, kw: kw, batch: batch, height: height, width: width)
                }
            }
        }
    }

    /// The adjoint of `forward`: `dx` (C x B x H x W) = sum of `dcol` entries over the positions
    /// each input element was copied to. Overwrites `dx`. Uses `dcol` as scratch: its border
    /// entries (which belong to padding) are set to 0.
    public static func backward(dcol: UnsafeMutablePointer<Float>, channels: Int, batch: Int,
                                height: Int, width: Int, dx: UnsafeMutablePointer<Float>,
                                channelStride: Int? = nil) {
        let n = batch * height * width
        let stride = channelStride ?? n
        for c in 0..<channels {
            let dxc = dx + c * stride
            // The centre tap (kh = kw = 1) has no shift and no border: it initializes dx.
            dxc.update(from: dcol + (c * 9 + 4) * n, count: n)
            for kh in 0..<3 {
                for kw in 0..<3 where !(kh == 1 && kw == 1) {
                    let row = dcol + (c * 9 + kh * 3 + kw) * n
                    zeroBorders(row, kh: kh, kw: kw, batch: batch, height: height, width: width)
                    let s = (kh - 1) * width + (kw - 1)
                    let lo = max(0, -s), hi = min(n, n - s)
                    add(row + lo, into: dxc + lo + s, count: hi - lo)
                }
            }
        }
    }

    /// y[i] += x[i], vectorized.
    @inline(__always)
    static func add(_ x: UnsafePointer<Float>, into y: UnsafeMutablePointer<Float>, count: Int) {
        var i = 0
        let rx = UnsafeRawPointer(x), ry = UnsafeMutableRawPointer(y)
        while i + 8 <= count {
            let v = rx.loadUnaligned(fromByteOffset: 4 * i, as: SIMD8<Float>.self)
                + ry.loadUnaligned(fromByteOffset: 4 * i, as: SIMD8<Float>.self)
            ry.storeBytes(of: v, toByteOffset: 4 * i, as: SIMD8<Float>.self)
            i += 8
        }
        while i < count { y[i] += x[i]; i += 1 }
    }

    /// Zeroes the entries of a column row whose source lies in the padding: output rows h with
    /// h + kh - 1 outside 0..<H and columns w with w + kw - 1 outside 0..<W, in every sample.
    @inline(__always)
    static func zeroBorders(_ row: UnsafeMutablePointer<Float>, kh: Int, kw: Int, batch: Int,
                            height: Int, width: Int) {
        let plane = height * width
        let zeroRow = kh == 0 ? 0 : (kh == 2 ? height - 1 : -1)
        let zeroCol = kw == 0 ? 0 : (kw == 2 ? width - 1 : -1)
        if zeroRow < 0 && zeroCol < 0 { return }
        for b in 0..<batch {
            let p = row + b &* plane
            if zeroRow >= 0 {
                let q = p + zeroRow * width
                if width == 8 {  // the digits: one vector store instead of a memset call
                    UnsafeMutableRawPointer(q).storeBytes(of: SIMD8<Float>(), as: SIMD8<Float>.self)
                } else {
                    q.update(repeating: 0, count: width)
                }
            }
            if zeroCol >= 0 {
                var q = p + zeroCol
                for _ in 0..<height { q.pointee = 0; q += width }
            }
        }
    }
}
