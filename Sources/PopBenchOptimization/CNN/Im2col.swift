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
public enum Im2col {
    /// Writes `col` (C*9 x B*H*W) from `x` (C x B x H x W).
    public static func forward(x: UnsafePointer<Float>, channels: Int, batch: Int,
                               height: Int, width: Int, col: UnsafeMutablePointer<Float>) {
        let plane = height * width
        let n = batch * plane
        for c in 0..<channels {
            let xc = x + c * n
            for kh in 0..<3 {
                for kw in 0..<3 {
                    let row = col + ((c * 9) + kh * 3 + kw) * n
                    let dh = kh - 1, dw = kw - 1
                    let wLo = max(0, -dw), wHi = min(width, width - dw)
                    for b in 0..<batch {
                        for h in 0..<height {
                            let out = row + (b * height + h) * width
                            let sh = h + dh
                            if sh < 0 || sh >= height {
                                out.update(repeating: 0, count: width)
                                continue
                            }
                            let src = xc + (b * height + sh) * width + dw
                            if wLo > 0 { out.update(repeating: 0, count: wLo) }
                            for w in wLo..<wHi { out[w] = src[w] }
                            if wHi < width { (out + wHi).update(repeating: 0, count: width - wHi) }
                        }
                    }
                }
            }
        }
    }

    /// The adjoint of `forward`: `dx` (C x B x H x W) = sum of `dcol` entries over the positions
    /// each input element was copied to. Overwrites `dx`.
    public static func backward(dcol: UnsafePointer<Float>, channels: Int, batch: Int,
                                height: Int, width: Int, dx: UnsafeMutablePointer<Float>) {
        let plane = height * width
        let n = batch * plane
        dx.update(repeating: 0, count: channels * n)
        for c in 0..<channels {
            let dxc = dx + c * n
            for kh in 0..<3 {
                for kw in 0..<3 {
                    let row = dcol + ((c * 9) + kh * 3 + kw) * n
                    let dh = kh - 1, dw = kw - 1
                    let wLo = max(0, -dw), wHi = min(width, width - dw)
                    let hLo = max(0, -dh), hHi = min(height, height - dh)
                    for b in 0..<batch {
                        for h in hLo..<hHi {
                            let src = row + (b * height + h) * width
                            let out = dxc + (b * height + h + dh) * width + dw
                            for w in wLo..<wHi { out[w] += src[w] }
                        }
                    }
                }
            }
        }
    }
}
