/// 2x2 max-pooling, stride 2, that also flattens: the input is channel-major over the minibatch
/// (C x B x H x W, as the convolutions produce it), the output sample-major (B x C x H/2 x W/2,
/// one row of F = C * H/2 * W/2 features per sample, the order a linear layer reads).
///
///     y[b][c][i][j] = max(x[c][b][2i + u][2j + v] : u, v in {0, 1})
///
/// Backward routes each dy to the input position that holds the maximum (the first in
/// row-major order on ties) and 0 to the other three; it finds that position again by
/// comparing the input with the stored maximum, so no argmax buffer is kept.
public struct MaxPool: Sendable, Equatable {
    /// C.
    public let channels: Int
    /// Input height H (even).
    public let height: Int
    /// Input width W (even).
    public let width: Int

    /// A pooling layer for C x H x W inputs; H and W must be even.
    public init(channels: Int, height: Int, width: Int) {
        precondition(height % 2 == 0 && width % 2 == 0, "max-pool needs even height and width")
        self.channels = channels; self.height = height; self.width = width
    }

    /// F = C * (H/2) * (W/2), the features per sample of the output.
    public var outputFeatures: Int { channels * (height / 2) * (width / 2) }

    /// Writes `y` (B x F).
    public func forward(x: UnsafePointer<Float>, batch: Int, y: UnsafeMutablePointer<Float>) {
        let oh = height / 2, ow = width / 2, f = outputFeatures, plane = height * width
        for c in 0..<channels {
            for b in 0..<batch {
                let src = x + (c * batch + b) * plane
                let out = y + b * f + c * oh * ow
                for i in 0..<oh {
                    let r0 = src + 2 * i * width, r1 = r0 + width
                    for j in 0..<ow {
                        out[i * ow + j] = max(max(r0[2 * j], r0[2 * j + 1]), max(r1[2 * j], r1[2 * j + 1]))
                    }
                }
            }
        }
    }

    /// dx (C x B x H x W, every entry written) from dy (B x F), the forward input `x` and
    /// output `y`. `dx` may be the same memory as `x` (each window is read before it is written).
    public func backward(dy: UnsafePointer<Float>, x: UnsafePointer<Float>, y: UnsafePointer<Float>,
                         batch: Int, dx: UnsafeMutablePointer<Float>) {
        let oh = height / 2, ow = width / 2, f = outputFeatures, plane = height * width
        for c in 0..<channels {
            for b in 0..<batch {
                let base = (c * batch + b) * plane
                let o = b * f + c * oh * ow
                for i in 0..<oh {
                    for j in 0..<ow {
                        let p = base + 2 * i * width + 2 * j
                        let m = y[o + i * ow + j], g = dy[o + i * ow + j]
                        // Offset of the first maximum, by selects (no data-dependent branches).
                        var off = width + 1
                        off = x[p + width] == m ? width : off
                        off = x[p + 1] == m ? 1 : off
                        off = x[p] == m ? 0 : off
                        dx[p] = 0; dx[p + 1] = 0; dx[p + width] = 0; dx[p + width + 1] = 0
                        dx[p + off] = g
                    }
                }
            }
        }
    }
}
