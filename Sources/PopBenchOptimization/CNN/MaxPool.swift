/// 2x2 max-pooling, stride 2, that also flattens: the input is channel-major over the minibatch
/// (C x B x H x W, as the convolutions produce it), the output sample-major (B x C x H/2 x W/2,
/// one row of F = C * H/2 * W/2 features per sample, the order a linear layer reads).
///
///     y[b][c][i][j] = max(x[c][b][2i + u][2j + v] : u, v in {0, 1})
///
/// With `channelStride` (default B * H * W) both work on a slice of consecutive samples of a
/// larger minibatch: x (and dx) point at the slice's first sample in channel 0, channel c lies
/// `channelStride` further; y and dy point at the slice's first row.
///
/// Backward routes each dy to the input position that holds the maximum (the first in
/// row-major order on ties) and 0 to the other three. It finds that position either again, by
/// comparing the input with the stored maximum, or, in the network's hot path
/// (`backwardPixelMajor`), from the window codes (0 to 3, row-major) that `forward(argmax:)`
/// recorded: one byte per output, so the backward pass reads neither x nor y (which at large
/// minibatches have left the cache).
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

    /// Calls `body(p, o)` for every 2x2 window: `p` is the offset of its top-left input (row
    /// below at p + W), `o` the index of its output in the B x F rows. The one loop of the
    /// three passes, inlined into each.
    @inline(__always)
    private func forEachWindow(batch: Int, channelStride: Int?, _ body: (_ p: Int, _ o: Int) -> Void) {
        let oh = height / 2, ow = width / 2, f = outputFeatures, plane = height * width
        let stride = channelStride ?? batch * plane
        for c in 0..<channels {
            for b in 0..<batch {
                let base = c * stride + b * plane, out = b * f + c * oh * ow
                for i in 0..<oh {
                    for j in 0..<ow { body(base + 2 * i * width + 2 * j, out + i * ow + j) }
                }
            }
        }
    }

    /// Writes `y` (B x F).
    public func forward(x: UnsafePointer<Float>, batch: Int, y: UnsafeMutablePointer<Float>,
                        channelStride: Int? = nil) {
        let w = width
        forEachWindow(batch: batch, channelStride: channelStride) { p, o in
            y[o] = max(max(x[p], x[p + 1]), max(x[p + w], x[p + w + 1]))
        }
    }

    /// Writes `y` (B x F) and, per output, the code of its window's first maximum in `argmax`
    /// (B x F bytes): 0 for x[2i][2j], 1 for x[2i][2j+1], 2 for x[2i+1][2j], 3 for x[2i+1][2j+1].
    public func forward(x: UnsafePointer<Float>, batch: Int, y: UnsafeMutablePointer<Float>,
                        argmax: UnsafeMutablePointer<UInt8>, channelStride: Int? = nil) {
        let w = width
        if w == 8 { return forwardWidth8(x: x, batch: batch, y: y, argmax: argmax, channelStride: channelStride) }
        forEachWindow(batch: batch, channelStride: channelStride) { p, o in
            let a = x[p], bb = x[p + 1], cc = x[p + w], d = x[p + w + 1]
            // First maximum in row-major order: the lower row only when it beats the upper one,
            // then the right column only when it beats the left one.
            let top = max(a, bb), bottom = max(cc, d)
            let lower = bottom > top
            let right = lower ? d > cc : bb > a
            y[o] = lower ? bottom : top
            argmax[o] = (lower ? 2 : 0) | (right ? 1 : 0)
        }
    }

    /// `forward(argmax:)` for W = 8 (the digits), four windows at a time: a row pair is two
    /// SIMD8 rows, split into the even and odd columns of each, with the same first-maximum rule.
    private func forwardWidth8(x: UnsafePointer<Float>, batch: Int, y: UnsafeMutablePointer<Float>,
                               argmax: UnsafeMutablePointer<UInt8>, channelStride: Int?) {
        let oh = height / 2, f = outputFeatures, plane = height * 8
        let stride = channelStride ?? batch * plane
        let raw = UnsafeRawPointer(x)
        @inline(__always) func evens(_ v: SIMD8<Float>) -> SIMD4<Float> { SIMD4(v[0], v[2], v[4], v[6]) }
        @inline(__always) func odds(_ v: SIMD8<Float>) -> SIMD4<Float> { SIMD4(v[1], v[3], v[5], v[7]) }
        for c in 0..<channels {
            for b in 0..<batch {
                let base = c &* stride &+ b &* plane, out = b &* f &+ c &* oh &* 4
                for i in 0..<oh {
                    let upper = raw.loadUnaligned(fromByteOffset: 4 &* (base &+ 16 &* i), as: SIMD8<Float>.self)
                    let lowerRow = raw.loadUnaligned(fromByteOffset: 4 &* (base &+ 16 &* i &+ 8), as: SIMD8<Float>.self)
                    let a = evens(upper), bb = odds(upper), cc = evens(lowerRow), d = odds(lowerRow)
                    // Selects, not pointwiseMax (which branches per lane on NaN).
                    let topRight = bb .> a, bottomRight = d .> cc
                    let top = a.replacing(with: bb, where: topRight), bottom = cc.replacing(with: d, where: bottomRight)
                    let lower = bottom .> top
                    let right = bottomRight .& lower .| topRight .& .!lower
                    let value = top.replacing(with: bottom, where: lower)
                    let zero = SIMD4<Int32>(repeating: 0)
                    let code = zero.replacing(with: 2, where: lower) | zero.replacing(with: 1, where: right)
                    UnsafeMutableRawPointer(y + (out &+ 4 &* i)).storeBytes(of: value, as: SIMD4<Float>.self)
                    UnsafeMutableRawPointer(argmax + (out &+ 4 &* i))
                        .storeBytes(of: SIMD4<UInt8>(truncatingIfNeeded: code), as: SIMD4<UInt8>.self)
                }
            }
        }
    }

    /// dx written pixel-major, `dxT` (B H W x C: entry (b, h, w, c) at ((b H + h) W + w) C + c,
    /// every entry written), from dy (B x F) and the window codes of `forward(argmax:)`: the
    /// layout a convolution's weight and input gradients read as dy^T (`Conv2D.backward(dyT:)`).
    /// Zero-fills, then places each dy at its window's maximum: a quarter of the stores of a
    /// channel-major dx written window by window, and no transposition afterwards.
    public func backwardPixelMajor(dy: UnsafePointer<Float>, argmax: UnsafePointer<UInt8>, batch: Int,
                                   dxT: UnsafeMutablePointer<Float>) {
        let c = channels, oh = height / 2, ow = width / 2, f = outputFeatures, window = oh * ow
        dxT.update(repeating: 0, count: batch * height * width * c)
        for b in 0..<batch {
            for i in 0..<oh {
                for j in 0..<ow {
                    let o = b &* f &+ i &* ow &+ j, topLeft = (b &* height &+ 2 &* i) &* width &+ 2 &* j
                    for ch in 0..<c {
                        let code = Int(argmax[o &+ ch &* window])
                        let pixel = topLeft &+ (code >> 1) &* width &+ (code & 1)
                        dxT[pixel &* c &+ ch] = dy[o &+ ch &* window]
                    }
                }
            }
        }
    }

    /// dx (C x B x H x W, every entry written) from dy (B x F), the forward input `x` and
    /// output `y`. `dx` may be the same memory as `x` (each window is read before it is written).
    public func backward(dy: UnsafePointer<Float>, x: UnsafePointer<Float>, y: UnsafePointer<Float>,
                         batch: Int, dx: UnsafeMutablePointer<Float>, channelStride: Int? = nil) {
        let w = width
        forEachWindow(batch: batch, channelStride: channelStride) { p, o in
            let m = y[o], g = dy[o]
            // Offset of the first maximum, by selects (no data-dependent branches).
            var off = w + 1
            off = x[p + w] == m ? w : off
            off = x[p + 1] == m ? 1 : off
            off = x[p] == m ? 0 : off
            dx[p] = 0; dx[p + 1] = 0; dx[p + w] = 0; dx[p + w + 1] = 0
            dx[p + off] = g
        }
    }
}
