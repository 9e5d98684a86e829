import Testing
import PopBenchCore
import PopBenchOptimization

/// The whole network's gradient against central finite differences of its mean cross-entropy,
/// on random 8x8 images. The loss is accumulated in Float64 from Float32 activations (noise
/// about 1e-7 relative), step 1e-3: numeric quotients carry about 1e-4 of noise, and a ReLU or
/// max-pool kink crossed by a step flips a few coordinates. Hence two criteria: the relative
/// error of the whole vector ||g - n|| / ||n|| < 1e-2, and at least 99.5% of coordinates within
/// 2e-3 + 2e-2 |n|.
@Suite struct CNNNetworkGradientTests {
    func check(_ arch: CNNArchitecture, batch: Int, seed: UInt64, slice: Int = 32, chunk: Int? = nil) {
        var rng = Xoshiro256(seed: seed)
        let images = cnnRandomFloats(batch * 64, &rng, lo: 0, hi: 1)
        let labels = (0..<batch).map { Int32($0 % 10) }
        let data = DigitsDataset(images: images, labels: labels)
        let net = CNNNetwork(architecture: arch, capacity: batch, slice: slice, chunk: chunk)
        var w = [Float](repeating: 0, count: net.parameterCount)
        w.withUnsafeMutableBufferPointer { net.initialize(parameters: $0, rng: &rng) }
        // Non-zero biases so every block is exercised away from its initial value.
        for i in w.indices where w[i] == 0 { w[i] = Float(rng.uniform() * 0.1 - 0.05) }
        let indices = (0..<batch).map(Int32.init)
        var g = [Float](repeating: 0, count: w.count)
        let loss = indices.withUnsafeBufferPointer { idx in
            net.lossAndGradient(parameters: w, dataset: data, batch: idx, gradient: &g)
        }
        #expect(loss.isFinite && loss > 0)
        let numeric = cnnFiniteDifferences(&w, eps: 1e-3) { w in
            indices.withUnsafeBufferPointer { idx in
                net.lossAndCorrect(parameters: w, dataset: data, batch: idx).lossSum / Double(batch)
            }
        }
        var diff = 0.0, norm = 0.0, bad = 0
        for (i, n) in numeric {
            let a = Double(g[i])
            diff += (a - n) * (a - n); norm += n * n
            if Swift.abs(a - n) > 2e-3 + 2e-2 * Swift.abs(n) { bad += 1 }
        }
        let relative = (diff / norm).squareRoot()
        #expect(relative < 1e-2, "relative error \(relative) for \(arch)")
        #expect(Double(bad) <= 0.005 * Double(numeric.count), "\(bad) of \(numeric.count) coordinates off for \(arch)")
    }

    @Test func smallNetworkEveryParameter() { check(CNNArchitecture(conv1Channels: 3, conv2Channels: 4), batch: 3, seed: 21) }

    @Test func slicedConv2EveryParameter() {
        // Batch 5 in conv2 slices of 2, 2 and 1 samples: accumulation across slices.
        check(CNNArchitecture(conv1Channels: 3, conv2Channels: 4), batch: 5, seed: 23, slice: 2)
    }

    @Test func chunkedPassesEveryParameter() {
        // Batch 7 forward and back in chunks of 4 and 3 samples (slices of 2, 2 / 2, 1): the
        // linear and convolution gradients summed over chunks, the loss's 1/B across them.
        check(CNNArchitecture(conv1Channels: 3, conv2Channels: 4), batch: 7, seed: 25, slice: 2, chunk: 4)
    }

    /// The two networks (the same architecture, blocked differently) give the same loss and
    /// gradient on 70 random images, up to the order of the sums; returns the parameters and
    /// the data for further checks.
    @discardableResult
    func expectSameGradient(_ first: CNNNetwork, _ second: CNNNetwork, seed: UInt64) -> (w: [Float], data: DigitsDataset, indices: [Int32]) {
        var rng = Xoshiro256(seed: seed)
        let batch = 70
        let data = DigitsDataset(images: cnnRandomFloats(batch * 64, &rng, lo: 0, hi: 1),
                                 labels: (0..<batch).map { Int32($0 % 10) })
        var w = [Float](repeating: 0, count: first.parameterCount)
        w.withUnsafeMutableBufferPointer { first.initialize(parameters: $0, rng: &rng) }
        var g1 = w, g2 = w
        let idx = (0..<batch).map(Int32.init)
        let l1 = idx.withUnsafeBufferPointer { first.lossAndGradient(parameters: w, dataset: data, batch: $0, gradient: &g1) }
        let l2 = idx.withUnsafeBufferPointer { second.lossAndGradient(parameters: w, dataset: data, batch: $0, gradient: &g2) }
        #expect(Swift.abs(l1 - l2) <= 1e-6 * Swift.abs(l1))  // the same products, blocked differently
        var diff = 0.0, norm = 0.0
        for i in g1.indices { diff += Double(g1[i] - g2[i]) * Double(g1[i] - g2[i]); norm += Double(g1[i]) * Double(g1[i]) }
        #expect((diff / norm).squareRoot() < 1e-5)  // only the order of the sums differs
        return (w, data, idx)
    }

    @Test func chunkingDoesNotChangeTheGradient() {
        let whole = CNNNetwork(capacity: 70, chunk: 70), chunked = CNNNetwork(capacity: 70, chunk: 12)
        #expect(whole.chunk == 69 && chunked.chunk == 12)  // multiples of the slice (3)
        let (w, data, idx) = expectSameGradient(whole, chunked, seed: 26)
        // Evaluation runs in chunks too: the same loss and accuracy.
        let e1 = whole.evaluate(parameters: w, dataset: data, indices: idx), e2 = chunked.evaluate(parameters: w, dataset: data, indices: idx)
        #expect(Swift.abs(e1.loss - e2.loss) <= 1e-6 * Swift.abs(e1.loss) && e1.accuracy == e2.accuracy)
    }

    @Test func slicingDoesNotChangeTheGradient() {
        expectSameGradient(CNNNetwork(capacity: 70, slice: 70), CNNNetwork(capacity: 70, slice: 32), seed: 24)
    }

    @Test func standardNetworkEveryParameter() { check(.standard, batch: 4, seed: 22) }

    @Test func standardNetworkHasTheIssuesSize() {
        let net = CNNNetwork(capacity: 1)
        #expect(net.parameterCount == 9_930)
        // About 1.84 MFLOP per sample per SGD step.
        #expect(Swift.abs(Double(net.flopsPerSamplePerStep) - 1.84e6) < 0.01e6)
    }
}
