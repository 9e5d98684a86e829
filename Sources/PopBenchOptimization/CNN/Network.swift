import PopBenchCore

/// The CNN of a `CNNArchitecture` on 1 x H x W images, with every workspace allocated once.
///
/// Parameters are one contiguous Float32 vector (so averaging two models is one vector
/// operation), in this order (offsets in `ParameterLayout`):
///
///     conv1 weights (c1 x 1 x 3 x 3), conv1 bias (c1), conv2 weights (c2 x c1 x 3 x 3),
///     conv2 bias (c2), linear weights (10 x F, F = c2 * H/2 * W/2, features in (c, h, w) order),
///     linear bias (10)
///
/// A step on a minibatch of B <= `capacity` samples runs conv1+ReLU, conv2+ReLU, max-pool,
/// linear, softmax cross-entropy, and back. The two convolutions (99% of the work) run over
/// slices of `slice` consecutive samples, one sgemm per layer, pass and slice: with
/// M N K <= 100^3 per product, OpenBLAS takes its small-matrix kernels, which read the operands
/// where they lie instead of packing them first, and a slice's column matrices stay in L1/L2
/// (measured on one thread: conv2's three products at about 100-114 GFLOP/s in slices of 1-3
/// samples, 49-74 in slices of 32, 43-60 over 128 samples, where sgemm 512x512 gives about 86).
/// A minibatch larger than `chunk` samples runs forward and back one chunk at a time (the
/// gradient of the mean loss is the sum of the chunks' gradients, each chunk's scaled by
/// 1/B), so that what a chunk keeps for its backward pass stays in L2: every slice's column
/// matrices are kept from the forward pass (about 37 KiB per sample for the standard network).
/// No heap allocation happens after `init`.
///
/// Not thread-safe: one instance per thread (per trial). `@unchecked Sendable` because it owns
/// raw workspaces; it may be moved across threads but not used from two at once.
public final class CNNNetwork: @unchecked Sendable {
    /// The architecture.
    public let architecture: CNNArchitecture
    /// The layers.
    public let conv1: Conv2D, conv2: Conv2D, pool: MaxPool, linear: Linear
    /// The largest minibatch the workspaces hold.
    public let capacity: Int
    /// Samples per convolution slice (default `smallSlice(architecture:height:width:)`: 3 for the
    /// standard network).
    public let slice: Int
    /// Samples per forward-and-backward pass, a multiple of `slice` (default `defaultChunk`).
    public let chunk: Int
    /// Offsets of each parameter block in the parameter vector.
    public let layout: ParameterLayout

    /// Start offsets of the parameter blocks, and the total count.
    public struct ParameterLayout: Sendable, Equatable {
        /// Start offset of each block (weights row-major as documented above).
        public let conv1Weights, conv1Bias, conv2Weights, conv2Bias, linearWeights, linearBias: Int
        /// The parameter count d.
        public let count: Int
    }

    /// Total parameters d (9,930 for the standard network on 8x8 images).
    public var parameterCount: Int { layout.count }
    /// Classes (10 digits).
    public let classes = 10
    /// Pixels per input image.
    public var inputSize: Int { conv1.plane }

    /// Floating-point operations of one SGD step per sample: forward (three layers), backward
    /// (weight gradients of all layers, input gradients of conv2 and linear), counting one
    /// multiply-add as 2. About 1.84e6 for the standard network.
    public var flopsPerSamplePerStep: Int {
        let c1 = conv1.forwardFlopsPerSample, c2 = conv2.forwardFlopsPerSample
        let l = 2 * linear.weightCount
        return (c1 + c2 + l) + (c1 + 2 * c2 + 2 * l)
    }

    // Workspaces (N = capacity * H * W).
    // Per chunk (Nc = chunk * H * W): y1, dy1 and the column matrices of the chunk's slices.
    private let x0: UnsafeMutablePointer<Float>        // 1 x B x H x W input
    private let col1: UnsafeMutablePointer<Float>      // per slice k of a chunk, 9 x (slice * H * W) at k * column1Size
    private let y1: UnsafeMutablePointer<Float>        // c1 x Nc (after ReLU)
    private let col2: UnsafeMutablePointer<Float>      // per slice k of a chunk, 9 c1 x (slice * H * W) at k * column2Size (reused as dcol2)
    private let column1Size: Int, column2Size: Int
    private let y2: UnsafeMutablePointer<Float>        // c2 x (slice * H * W): a slice's conv2 output
    private let pooled: UnsafeMutablePointer<Float>    // B x F
    private let logits: UnsafeMutablePointer<Float>    // B x 10 (reused as dlogits)
    private let dPooled: UnsafeMutablePointer<Float>   // B x F
    private let dy1: UnsafeMutablePointer<Float>       // c1 x Nc
    private let dy2T: UnsafeMutablePointer<Float>      // (slice * H * W) x c2: a slice's dL/dy2, pixel-major
    private let argmax: UnsafeMutablePointer<UInt8>    // B x F: the pool's window codes
    private let labelBuffer: UnsafeMutablePointer<Int32>  // B
    private var allocations: [(UnsafeMutableRawPointer)] = []

    /// A network for `height` x `width` images and minibatches of at most `capacity` samples.
    public init(architecture: CNNArchitecture = .standard, height: Int = 8, width: Int = 8,
                capacity: Int, slice: Int? = nil, chunk: Int? = nil) {
        let slice = slice ?? Self.smallSlice(architecture: architecture, height: height, width: width)
        precondition(capacity >= 1 && slice >= 1 && (chunk ?? 1) >= 1)
        self.slice = min(slice, capacity)
        let perChunk = chunk ?? Self.defaultChunk
        self.chunk = min(capacity, max(self.slice, perChunk / self.slice * self.slice))
        BLAS.ensureDefaultThreads()
        self.architecture = architecture
        self.capacity = capacity
        let c1 = architecture.conv1Channels, c2 = architecture.conv2Channels
        conv1 = Conv2D(inChannels: 1, outChannels: c1, height: height, width: width)
        conv2 = Conv2D(inChannels: c1, outChannels: c2, height: height, width: width)
        pool = MaxPool(channels: c2, height: height, width: width)
        linear = Linear(inFeatures: pool.outputFeatures, outFeatures: 10)
        var o = 0
        func take(_ k: Int) -> Int { defer { o += k }; return o }
        layout = ParameterLayout(
            conv1Weights: take(conv1.weightCount), conv1Bias: take(conv1.biasCount),
            conv2Weights: take(conv2.weightCount), conv2Bias: take(conv2.biasCount),
            linearWeights: take(linear.weightCount), linearBias: take(linear.biasCount), count: o)
        let n = capacity * height * width, f = pool.outputFeatures
        var raw: [UnsafeMutableRawPointer] = []
        func floats(_ k: Int) -> UnsafeMutablePointer<Float> {
            let p = UnsafeMutablePointer<Float>.allocate(capacity: k)
            p.initialize(repeating: 0, count: k)
            raw.append(UnsafeMutableRawPointer(p))
            return p
        }
        let slices = (self.chunk + self.slice - 1) / self.slice, nc = self.chunk * height * width
        column1Size = 9 * self.slice * height * width; column2Size = 9 * c1 * self.slice * height * width
        x0 = floats(n); col1 = floats(slices * column1Size); y1 = floats(c1 * nc); col2 = floats(slices * column2Size)
        y2 = floats(c2 * self.slice * height * width); pooled = floats(capacity * f); logits = floats(capacity * 10)
        dPooled = floats(capacity * f); dy1 = floats(c1 * nc); dy2T = floats(self.slice * height * width * c2)
        argmax = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity * f)
        argmax.initialize(repeating: 0, count: capacity * f)
        raw.append(UnsafeMutableRawPointer(argmax))
        labelBuffer = UnsafeMutablePointer<Int32>.allocate(capacity: capacity)
        labelBuffer.initialize(repeating: 0, count: capacity)
        raw.append(UnsafeMutableRawPointer(labelBuffer))
        allocations = raw
    }

    deinit { for p in allocations { p.deallocate() } }

    /// The largest slice S whose conv2 products stay within OpenBLAS's small-matrix bound
    /// M N K <= 100^3: S = max(1, 10^6 / (c2 * 9 c1 * H W)) (3 for the standard network).
    public static func smallSlice(architecture: CNNArchitecture, height: Int, width: Int) -> Int {
        let perSample = architecture.conv2Channels * 9 * architecture.conv1Channels * height * width
        return max(1, 1_000_000 / max(perSample, 1))
    }

    /// Samples per forward-and-backward pass by default: 12 (4 slices of 3 for the standard
    /// network, about 0.45 MiB kept for the backward pass). Measured at batch 128 (`bench cnn`,
    /// idle machine, ms per step): chunks of 6 / 9 / 12 / 18 / 24 / 30 samples 2.87 / 2.87-2.96 /
    /// 2.87-2.92 / 2.91-2.98 / 2.89-2.95 / 2.89-2.96, one pass over all 128 3.02-3.66.
    public static let defaultChunk = 12

    /// He (Kaiming) initialization, seeded: every weight ~ N(0, 2 / fan_in) with fan_in = 9 for
    /// conv1, 9 c1 for conv2 and F for the linear layer; biases 0.
    public func initialize(parameters p: UnsafeMutableBufferPointer<Float>, rng: inout Xoshiro256) {
        precondition(p.count == parameterCount)
        func he(_ start: Int, _ count: Int, fanIn: Int) {
            let sd = (2.0 / Double(fanIn)).squareRoot()
            for i in start..<(start + count) { p[i] = Float(rng.normal() * sd) }
        }
        for i in p.indices { p[i] = 0 }
        he(layout.conv1Weights, conv1.weightCount, fanIn: conv1.columnRows)
        he(layout.conv2Weights, conv2.weightCount, fanIn: conv2.columnRows)
        he(layout.linearWeights, linear.weightCount, fanIn: linear.inFeatures)
    }

    /// Copies the images `batch` of `dataset` into the input workspace and their labels.
    private func gather(_ dataset: DigitsDataset, _ batch: UnsafeBufferPointer<Int32>) {
        let size = inputSize
        dataset.images.withUnsafeBufferPointer { images in
            for (k, index) in batch.enumerated() {
                labelBuffer[k] = dataset.labels[Int(index)]  // bounds-checked before the raw copy
                (x0 + k * size).update(from: images.baseAddress! + Int(index) * size, count: size)
            }
        }
    }

    /// Forward pass up to the logits for samples `c0 ..< c0 + cb` of the gathered minibatch (one
    /// chunk): conv1, conv2 and the pool slice by slice (conv2's output only in the slice buffer
    /// `y2`; every slice's column matrices stay in `col1` and `col2` for the backward pass), then
    /// linear over the chunk.
    private func forwardChunk(_ w: UnsafePointer<Float>, _ c0: Int, _ cb: Int) {
        let channelStride = cb * conv2.plane, f = pool.outputFeatures
        var b0 = 0
        while b0 < cb {
            let bc = min(slice, cb - b0), o = b0 * conv2.plane
            let k = b0 / slice
            conv1.forward(x: x0 + (c0 * conv2.plane + o), weights: w + layout.conv1Weights, bias: w + layout.conv1Bias,
                          batch: bc, col: col1 + k * column1Size, y: y1 + o, relu: true, channelStride: channelStride)
            conv2.forward(x: y1 + o, weights: w + layout.conv2Weights, bias: w + layout.conv2Bias,
                          batch: bc, col: col2 + k * column2Size, y: y2, relu: true, channelStride: channelStride, yStride: bc * conv2.plane)
            let s0 = c0 + b0
            pool.forward(x: y2, batch: bc, y: pooled + s0 * f, argmax: argmax + s0 * f, channelStride: bc * conv2.plane)
            b0 += bc
        }
        linear.forward(x: pooled + c0 * f, weights: w + layout.linearWeights, bias: w + layout.linearBias,
                       batch: cb, y: logits + c0 * classes)
    }

    /// The mean cross-entropy L(w) over the minibatch `batch` (indices into `dataset`) and its
    /// gradient dL/dw, written into `gradient` (d entries, overwritten). 1 <= batch.count <=
    /// capacity. Allocation-free.
    @discardableResult
    public func lossAndGradient(parameters: UnsafePointer<Float>, dataset: DigitsDataset,
                                batch: UnsafeBufferPointer<Int32>,
                                gradient g: UnsafeMutablePointer<Float>) -> Float {
        let b = batch.count
        precondition(b >= 1 && b <= capacity, "minibatch of \(b) outside 1...\(capacity)")
        let w = parameters
        gather(dataset, batch)
        var lossSum = 0.0
        let f = pool.outputFeatures
        for c0 in stride(from: 0, to: b, by: chunk) {
            let cb = min(chunk, b - c0), first = c0 == 0
            forwardChunk(w, c0, cb)
            let z = logits + c0 * classes
            lossSum += SoftmaxCrossEntropy.evaluate(logits: z, labels: labelBuffer + c0, batch: cb, classes: classes,
                                                    dz: z, meanOver: b).lossSum
            linear.backward(dy: z, x: pooled + c0 * f, weights: w + layout.linearWeights, batch: cb,
                            dWeights: g + layout.linearWeights, dBias: g + layout.linearBias, dx: dPooled + c0 * f,
                            accumulate: !first)
            // ReLU after conv2, seen through the pool: a pooled maximum of 0 passes no gradient.
            ReLU.backward(dy: dPooled + c0 * f, y: pooled + c0 * f, dx: dPooled + c0 * f, count: cb * f)
            backwardChunk(w, c0, cb, g, overwrite: first)
        }
        return Float(lossSum / Double(b))
    }

    /// The convolutions' backward pass for the chunk `c0 ..< c0 + cb` (after `forwardChunk` and
    /// the linear layer's backward pass), adding into `g` (overwriting it when `overwrite`).
    /// Slices in reverse, each with its columns from the forward pass (stored, not recomputed:
    /// 9 (1 + c1) H W floats per sample of a chunk; batch 128 about 5% faster than with a second
    /// im2col, measured before the chunked passes). Per slice: the pool's dL/dy2, written
    /// pixel-major (dy2T, the layout conv2's two gradient products read), conv2's dW, db and
    /// dL/dy1, the ReLU mask, conv1's dW and db.
    private func backwardChunk(_ w: UnsafePointer<Float>, _ c0: Int, _ cb: Int, _ g: UnsafeMutablePointer<Float>,
                               overwrite: Bool) {
        let channelStride = cb * conv2.plane, f = pool.outputFeatures
        let slices = (cb + slice - 1) / slice
        for k in stride(from: slices - 1, through: 0, by: -1) {
            let b0 = k * slice, bc = min(slice, cb - b0), o = b0 * conv2.plane, n = bc * conv2.plane
            let fresh = overwrite && k == slices - 1, s0 = c0 + b0
            pool.backwardPixelMajor(dy: dPooled + s0 * f, argmax: argmax + s0 * f, batch: bc, dxT: dy2T)
            let columns2 = col2 + k * column2Size, columns1 = col1 + k * column1Size
            conv2.backward(dyT: dy2T, col: columns2, weights: w + layout.conv2Weights, batch: bc,
                           dWeights: g + layout.conv2Weights, dBias: g + layout.conv2Bias, dcol: columns2,
                           dx: dy1 + o, channelStride: channelStride, accumulate: !fresh)
            for c in 0..<conv1.outChannels {
                let r = c * channelStride + o
                ReLU.backward(dy: dy1 + r, y: y1 + r, dx: dy1 + r, count: n)
            }
            conv1.backward(dy: dy1 + o, col: columns1, weights: w + layout.conv1Weights, batch: bc,
                           dWeights: g + layout.conv1Weights, dBias: g + layout.conv1Bias,
                           dcol: columns1, dx: nil, channelStride: channelStride, accumulate: !fresh)
        }
    }

    /// Forward only: the summed loss and the number of correct predictions on `batch`.
    public func lossAndCorrect(parameters: UnsafePointer<Float>, dataset: DigitsDataset,
                               batch: UnsafeBufferPointer<Int32>) -> (lossSum: Double, correct: Int) {
        let b = batch.count
        precondition(b >= 1 && b <= capacity)
        gather(dataset, batch)
        for c0 in stride(from: 0, to: b, by: chunk) { forwardChunk(parameters, c0, min(chunk, b - c0)) }
        return SoftmaxCrossEntropy.evaluate(logits: logits, labels: labelBuffer, batch: b,
                                            classes: classes, dz: nil)
    }

    /// Mean loss and accuracy of `parameters` on the samples `indices` of `dataset`, evaluated in
    /// chunks of `capacity`. Allocation-free.
    public func evaluate(parameters: UnsafePointer<Float>, dataset: DigitsDataset,
                         indices: [Int32]) -> (loss: Double, accuracy: Double) {
        guard !indices.isEmpty else { return (.nan, .nan) }
        var lossSum = 0.0, correct = 0
        indices.withUnsafeBufferPointer { all in
            var start = 0
            while start < all.count {
                let end = min(start + capacity, all.count)
                let r = lossAndCorrect(parameters: parameters, dataset: dataset,
                                       batch: UnsafeBufferPointer(rebasing: all[start..<end]))
                lossSum += r.lossSum; correct += r.correct
                start = end
            }
        }
        return (lossSum / Double(indices.count), Double(correct) / Double(indices.count))
    }
}
