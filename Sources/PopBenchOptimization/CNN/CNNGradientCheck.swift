import PopBenchCore

/// The CNN's backpropagated gradient against central finite differences of its mean
/// cross-entropy, callable at run time: `bench cnn` runs it under whatever BLAS core is loaded,
/// so a core that computes wrong products cannot report speed for wrong training steps.
public enum CNNGradientCheck {
    /// The outcome: relative error ||g - num|| / ||num|| and the fraction of coordinates off by
    /// more than 2e-3 + 2e-2 |num|.
    public struct Result: Sendable {
        /// ||g - num|| / ||num||.
        public let relativeError: Double
        /// Coordinates outside the per-coordinate tolerance, as a fraction of all.
        public let fractionOff: Double
        /// Parameters compared.
        public let parameters: Int
        /// relativeError < 1e-2 and fractionOff <= 0.5%: Float32 activations with steps of 1e-3
        /// leave about 1e-4 of noise in each quotient, and a ReLU or max-pool kink crossed by a
        /// step flips a few coordinates.
        public var passed: Bool { relativeError < 1e-2 && fractionOff <= 0.005 }
    }

    /// Checks every parameter of `architecture` (default conv3-conv4, about 800 parameters,
    /// milliseconds) on `batch` seeded random 8x8 images, the convolutions and the pool run in
    /// slices of `slice` samples and forward and back in chunks of `chunk` (4 and 1: the
    /// gradient summed over chunks).
    public static func run(architecture: CNNArchitecture = CNNArchitecture(conv1Channels: 3, conv2Channels: 4),
                           batch: Int = 5, slice: Int = 2, chunk: Int = 4, seed: UInt64 = 23) -> Result {
        var rng = Xoshiro256(seed: seed)
        let images = (0..<(batch * 64)).map { _ in Float(rng.uniform()) }
        let data = DigitsDataset(images: images, labels: (0..<batch).map { Int32($0 % 10) })
        let net = CNNNetwork(architecture: architecture, capacity: batch, slice: slice, chunk: chunk)
        var w = [Float](repeating: 0, count: net.parameterCount)
        w.withUnsafeMutableBufferPointer { net.initialize(parameters: $0, rng: &rng) }
        for i in w.indices where w[i] == 0 { w[i] = Float(rng.uniform() * 0.1 - 0.05) }  // non-zero biases
        let indices = (0..<batch).map(Int32.init)
        var g = [Float](repeating: 0, count: w.count)
        _ = indices.withUnsafeBufferPointer { net.lossAndGradient(parameters: w, dataset: data, batch: $0, gradient: &g) }
        func loss(_ w: [Float]) -> Double {
            indices.withUnsafeBufferPointer { net.lossAndCorrect(parameters: w, dataset: data, batch: $0).lossSum / Double(batch) }
        }
        var diff = 0.0, norm = 0.0, off = 0
        let eps: Float = 1e-3
        for i in w.indices {
            let x0 = w[i], xp = x0 + eps, xm = x0 - eps
            w[i] = xp; let fp = loss(w)
            w[i] = xm; let fm = loss(w)
            w[i] = x0
            // The step actually applied is the denominator (Float rounding of x +- eps).
            let numeric = (fp - fm) / (Double(xp) - Double(xm)), analytic = Double(g[i])
            diff += (analytic - numeric) * (analytic - numeric); norm += numeric * numeric
            if Swift.abs(analytic - numeric) > 2e-3 + 2e-2 * Swift.abs(numeric) { off += 1 }
        }
        return Result(relativeError: (diff / norm).squareRoot(), fractionOff: Double(off) / Double(w.count),
                      parameters: w.count)
    }
}
