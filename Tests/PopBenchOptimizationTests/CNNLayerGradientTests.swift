import Testing
import PopBenchCore
import PopBenchOptimization

/// Each layer's backward pass against central finite differences of a random linear functional
/// L = sum r * y of its output, on random inputs. Conv and linear layers are linear in each
/// argument, so differences are exact up to Float32 rounding of the outputs (about 1e-6 here);
/// ReLU and max-pool inputs stay at least 0.05 away from their kinks and ties (step 0.01).
/// Tolerance: |analytic - numeric| <= 1e-3 + 1e-3 |numeric|.
@Suite struct CNNLayerGradientTests {
    let abs = 1e-3, rel = 1e-3

    @Test func conv2DWeightsBiasAndInput() {
        var rng = Xoshiro256(seed: 11)
        let layer = Conv2D(inChannels: 3, outChannels: 4, height: 4, width: 6)
        let b = 2, n = b * layer.plane
        var x = cnnRandomFloats(3 * n, &rng)
        var w = cnnRandomFloats(layer.weightCount, &rng)
        var bias = cnnRandomFloats(layer.biasCount, &rng)
        let r = cnnRandomFloats(4 * n, &rng)
        var col = [Float](repeating: 0, count: layer.columnRows * n)
        var y = [Float](repeating: 0, count: 4 * n)
        func loss(_ x: [Float], _ w: [Float], _ bias: [Float]) -> Double {
            layer.forward(x: x, weights: w, bias: bias, batch: b, col: &col, y: &y, relu: false)
            return cnnDot(r, y, y.count)
        }
        _ = loss(x, w, bias)
        var dw = [Float](repeating: 0, count: w.count), db = [Float](repeating: 0, count: bias.count)
        var dx = [Float](repeating: 0, count: x.count)
        var dcol = [Float](repeating: 0, count: col.count)
        layer.backward(dy: r, col: col, weights: w, batch: b, dWeights: &dw, dBias: &db,
                       dcol: &dcol, dx: &dx)
        let (xs, ws, bs) = (x, w, bias)
        let nx = cnnFiniteDifferences(&x, eps: 0.01) { loss($0, ws, bs) }
        let nw = cnnFiniteDifferences(&w, eps: 0.01) { loss(xs, $0, bs) }
        let nb = cnnFiniteDifferences(&bias, eps: 0.01) { loss(xs, ws, $0) }
        #expect(cnnWorstViolation(dx, nx, abs: abs, rel: rel).excess <= 0)
        #expect(cnnWorstViolation(dw, nw, abs: abs, rel: rel).excess <= 0)
        #expect(cnnWorstViolation(db, nb, abs: abs, rel: rel).excess <= 0)
    }

    @Test func im2colBackwardIsTheAdjoint() {
        // <im2col(x), c> == <x, col2im(c)> for random x, c.
        var rng = Xoshiro256(seed: 12)
        let (ch, b, h, w) = (2, 3, 5, 4)
        let n = b * h * w
        let x = cnnRandomFloats(ch * n, &rng), c = cnnRandomFloats(ch * 9 * n, &rng)
        var col = [Float](repeating: 0, count: c.count), dx = [Float](repeating: 0, count: x.count)
        Im2col.forward(x: x, channels: ch, batch: b, height: h, width: w, col: &col)
        var cs = c
        Im2col.backward(dcol: &cs, channels: ch, batch: b, height: h, width: w, dx: &dx)
        let lhs = cnnDot(c, col, col.count), rhs = cnnDot(x, dx, dx.count)
        #expect(Swift.abs(lhs - rhs) <= 1e-4 * max(1, Swift.abs(lhs)))
    }

    @Test func reluAwayFromZero() {
        var rng = Xoshiro256(seed: 13)
        var x = cnnRandomFloats(200, &rng).map { $0 >= 0 ? $0 + 0.05 : $0 - 0.05 }
        let r = cnnRandomFloats(200, &rng)
        var y = [Float](repeating: 0, count: 200)
        func loss(_ x: [Float]) -> Double { ReLU.forward(x: x, y: &y, count: 200); return cnnDot(r, y, 200) }
        _ = loss(x)
        var dx = [Float](repeating: 0, count: 200)
        ReLU.backward(dy: r, y: y, dx: &dx, count: 200)
        let numeric = cnnFiniteDifferences(&x, eps: 0.01, loss)
        #expect(cnnWorstViolation(dx, numeric, abs: abs, rel: rel).excess <= 0)
    }

    @Test func maxPoolWithDistinctValues() {
        var rng = Xoshiro256(seed: 14)
        let pool = MaxPool(channels: 3, height: 4, width: 6)
        let b = 2, count = 3 * b * 24
        // Distinct values 0.05 apart, in random order: no ties within a step of 0.01.
        var values = (0..<count).map { Float($0) * 0.05 - 2 }
        for i in stride(from: count - 1, to: 0, by: -1) { values.swapAt(i, Int(rng.bounded(UInt64(i + 1)))) }
        var x = values
        let r = cnnRandomFloats(b * pool.outputFeatures, &rng)
        var y = [Float](repeating: 0, count: r.count)
        func loss(_ x: [Float]) -> Double {
            pool.forward(x: x, batch: b, y: &y); return cnnDot(r, y, y.count)
        }
        _ = loss(x)
        var dx = [Float](repeating: 0, count: count)
        pool.backward(dy: r, x: x, y: y, batch: b, dx: &dx)
        let numeric = cnnFiniteDifferences(&x, eps: 0.01, loss)
        #expect(cnnWorstViolation(dx, numeric, abs: abs, rel: rel).excess <= 0)
    }

    @Test func maxPoolTiesGoToTheFirstMaximum() {
        // One window, all equal: the gradient goes to the top-left entry only.
        let pool = MaxPool(channels: 1, height: 2, width: 2)
        let x: [Float] = [0.5, 0.5, 0.5, 0.5]
        var y: [Float] = [0], dx = [Float](repeating: 9, count: 4)
        pool.forward(x: x, batch: 1, y: &y)
        pool.backward(dy: [2], x: x, y: y, batch: 1, dx: &dx)
        #expect(y == [0.5] && dx == [2, 0, 0, 0])
    }

    @Test func linearWeightsBiasAndInput() {
        var rng = Xoshiro256(seed: 15)
        let layer = Linear(inFeatures: 12, outFeatures: 5)
        let b = 3
        var x = cnnRandomFloats(b * 12, &rng), w = cnnRandomFloats(60, &rng), bias = cnnRandomFloats(5, &rng)
        let r = cnnRandomFloats(b * 5, &rng)
        var y = [Float](repeating: 0, count: b * 5)
        func loss(_ x: [Float], _ w: [Float], _ bias: [Float]) -> Double {
            layer.forward(x: x, weights: w, bias: bias, batch: b, y: &y); return cnnDot(r, y, y.count)
        }
        var dw = [Float](repeating: 0, count: 60), db = [Float](repeating: 0, count: 5)
        var dx = [Float](repeating: 0, count: x.count)
        layer.backward(dy: r, x: x, weights: w, batch: b, dWeights: &dw, dBias: &db, dx: &dx)
        let (xs, ws, bs) = (x, w, bias)
        #expect(cnnWorstViolation(dx, cnnFiniteDifferences(&x, eps: 0.01) { loss($0, ws, bs) }, abs: abs, rel: rel).excess <= 0)
        #expect(cnnWorstViolation(dw, cnnFiniteDifferences(&w, eps: 0.01) { loss(xs, $0, bs) }, abs: abs, rel: rel).excess <= 0)
        #expect(cnnWorstViolation(db, cnnFiniteDifferences(&bias, eps: 0.01) { loss(xs, ws, $0) }, abs: abs, rel: rel).excess <= 0)
    }

    @Test func softmaxCrossEntropy() {
        // Smooth: central differences with step 1e-3 have error O(eps^2) ~ 1e-6.
        var rng = Xoshiro256(seed: 16)
        let b = 4, c = 10
        var z = cnnRandomFloats(b * c, &rng, lo: -3, hi: 3)
        let labels: [Int32] = [3, 0, 9, 5]
        var dz = [Float](repeating: 0, count: b * c)
        let r = SoftmaxCrossEntropy.evaluate(logits: z, labels: labels, batch: b, classes: c, dz: &dz)
        #expect(r.lossSum > 0)
        let numeric = cnnFiniteDifferences(&z, eps: 1e-3) { z in
            SoftmaxCrossEntropy.evaluate(logits: z, labels: labels, batch: b, classes: c, dz: nil).lossSum / Double(b)
        }
        #expect(cnnWorstViolation(dz, numeric, abs: 1e-4, rel: 1e-3).excess <= 0)
        // Each row of the gradient sums to 0 (softmax minus one-hot).
        for k in 0..<b { #expect(Swift.abs(dz[(k * c)..<(k * c + c)].reduce(0, +)) < 1e-6) }
    }
}
