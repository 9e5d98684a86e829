import Testing
import PopBenchCore
import PopBenchOptimization

/// The network's hot-path layer variants against the reference passes that
/// `CNNLayerGradientTests` checks by finite differences: the pool's window codes and its
/// pixel-major backward (the SIMD W = 8 path and the generic one, with many ties), and the
/// convolution's backward from dy^T.
@Suite struct CNNHotPathTests {
    /// Inputs drawn from five values, so most windows hold ties.
    func tiedInputs(_ count: Int, _ rng: inout Xoshiro256) -> [Float] {
        (0..<count).map { _ in Float(Int(rng.bounded(5))) * 0.5 - 1 }
    }

    @Test(arguments: [(8, 8), (4, 6)])
    func poolCodesAndPixelMajorBackwardMatchTheReference(height: Int, width: Int) {
        var rng = Xoshiro256(seed: 21)
        let c = 3, b = 2, plane = height * width
        let pool = MaxPool(channels: c, height: height, width: width)
        let x = tiedInputs(c * b * plane, &rng)
        let f = pool.outputFeatures
        var y = [Float](repeating: 0, count: b * f), yCoded = y
        var codes = [UInt8](repeating: 9, count: b * f)
        pool.forward(x: x, batch: b, y: &y)
        pool.forward(x: x, batch: b, y: &yCoded, argmax: &codes)
        #expect(y == yCoded)
        #expect(codes.allSatisfy { $0 < 4 })
        let dy = cnnRandomFloats(b * f, &rng)
        var dx = [Float](repeating: 0, count: c * b * plane)   // C x B x H x W
        pool.backward(dy: dy, x: x, y: y, batch: b, dx: &dx)
        var dxT = [Float](repeating: 7, count: c * b * plane)  // B H W x C
        pool.backwardPixelMajor(dy: dy, argmax: codes, batch: b, dxT: &dxT)
        var mismatches = 0
        for ch in 0..<c {
            for pixel in 0..<(b * plane) where dx[ch * b * plane + pixel] != dxT[pixel * c + ch] { mismatches += 1 }
        }
        #expect(mismatches == 0)
    }

    @Test func convBackwardFromPixelMajorDyMatchesTheReference() {
        var rng = Xoshiro256(seed: 22)
        let layer = Conv2D(inChannels: 3, outChannels: 4, height: 8, width: 8)
        let b = 2, n = b * layer.plane
        let x = cnnRandomFloats(3 * n, &rng), w = cnnRandomFloats(layer.weightCount, &rng)
        let bias = cnnRandomFloats(layer.biasCount, &rng), dy = cnnRandomFloats(4 * n, &rng)
        var col = [Float](repeating: 0, count: layer.columnRows * n), y = [Float](repeating: 0, count: 4 * n)
        layer.forward(x: x, weights: w, bias: bias, batch: b, col: &col, y: &y, relu: false)
        var dyT = [Float](repeating: 0, count: n * 4)
        for co in 0..<4 { for j in 0..<n { dyT[j * 4 + co] = dy[co * n + j] } }
        func gradients(pixelMajor: Bool) -> (dw: [Float], db: [Float], dx: [Float]) {
            // Start from nonzero gradients and accumulate, as the network's later slices do.
            var dw = [Float](repeating: 0.5, count: w.count), db = [Float](repeating: 0.5, count: bias.count)
            var dx = [Float](repeating: 0, count: x.count), dcol = col
            if pixelMajor {
                layer.backward(dyT: dyT, col: col, weights: w, batch: b, dWeights: &dw, dBias: &db,
                               dcol: &dcol, dx: &dx, accumulate: true)
            } else {
                layer.backward(dy: dy, col: col, weights: w, batch: b, dWeights: &dw, dBias: &db,
                               dcol: &dcol, dx: &dx, accumulate: true)
            }
            return (dw, db, dx)
        }
        let reference = gradients(pixelMajor: false), hot = gradients(pixelMajor: true)
        func worst(_ a: [Float], _ b: [Float]) -> Float { zip(a, b).map { Swift.abs($0 - $1) }.max() ?? 0 }
        // Same sums in another order: Float32 rounding only.
        #expect(worst(reference.dw, hot.dw) <= 1e-4)
        #expect(worst(reference.db, hot.db) <= 1e-4)
        #expect(worst(reference.dx, hot.dx) <= 1e-4)
    }
}
