/// 2x2 max-pooling, stride 2, that also flattens: the input is channel-major over the minibatch
/// (C x B x H x W, as the convolutions produce it), the output sample-major (B x C x H/2 x W/2,
/// one row of F = C * H/2 * W/2 features per sample, the order a linear layer reads).
///
///     y[b][c][i][j] = max(x[c][b][2i + u][2j + v] : u, v in {0, 1})
///
/// Backward routes each dy to the input position that held the maximum (the first in
/// row-major order on ties) and 0 elsewhere.
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

    /// Writes `y` (B x F) and, for each output, the flat index into `x` of its maximum
    /// (`argmax`, B x F).
    public func forward(x: UnsafePointer<Float>, batch: Int, y: UnsafeMutablePointer<Float>,
                        argmax: UnsafeMutablePointer<Int32>) {
        let oh = height / 2, ow = width / 2, f = outputFeatures
        let n = batch * height * width
        for c in 0..<channels {
            for b in 0..<batch {
                let base = c * n + b * height * width
                let out = c * oh * ow + b * f
                for i in 0..<oh {
                    for j in 0..<ow {
                        let p = base + 2 * i * width + 2 * j
                        var best = p, m = x[p]
                        if x[p + 1] > m { best = p + 1; m = x[p + 1] }
                        if x[p + width] > m { best = p + width; m = x[p + width] }
                        if x[p + width + 1] > m { best = p + width + 1; m = x[p + width + 1] }
                        y[out + i * ow + j] = m
                        argmax[out + i * ow + j] = Int32(best)
                    }
                }
            }
        }
    }

    /// dx (C x B x H x W, overwritten) from dy (B x F) and the forward pass's `argmax`.
    public func backward(dy: UnsafePointer<Float>, argmax: UnsafePointer<Int32>, batch: Int,
                         dx: UnsafeMutablePointer<Float>) {
        let count = batch * outputFeatures
        dx.update(repeating: 0, count: batch * channels * height * width)
        for k in 0..<count { dx[Int(argmax[k])] = dy[k] }
    }
}
