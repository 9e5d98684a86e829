import PopBenchCore

/// One line of the CNN speed benchmark.
public struct CNNBenchRow: Sendable, Equatable {
    /// Minibatch size B.
    public let batch: Int
    /// Seconds per SGD step (forward + backward + update w -= lr g), the best of the timed rounds.
    public let secondsPerStep: Double
    /// Achieved rate: flopsPerSamplePerStep * B / secondsPerStep / 1e9.
    public let gflops: Double
    /// Single-thread sgemm rate (512 x 512 x 512) measured in the same run, GFLOP/s.
    public let sgemmGflops: Double
    /// gflops / sgemmGflops.
    public var fractionOfSgemm: Double { gflops / sgemmGflops }
    /// Milliseconds per step.
    public var millisecondsPerStep: Double { secondsPerStep * 1e3 }
}

/// Time per training step of the default digits CNN at several batch sizes on one BLAS thread,
/// beside single-thread sgemm measured in the same run (the speed targets: batch 128 at
/// least 50% and batch 32 at least 36% of sgemm, batch 1 under 0.1 ms).
///
/// Each figure is the best of `rounds` timed rounds of about `roundSeconds` each, rounds of
/// the CNN and of sgemm interleaved, so that a machine shared with other work perturbs both alike.
/// Sets OpenBLAS to one thread (process-wide). Data: 1,797 synthetic 8x8 images (the speed does
/// not depend on pixel values), so no file is read.
public enum CNNBench {
    /// The batch sizes of the issue.
    public static let defaultBatchSizes = [1, 8, 32, 128]

    /// Runs the benchmark; returns one row per batch size. `between`, when given, runs after
    /// each timed CNN round with its batch size (a competitor timed in the same rounds, so that
    /// load on a shared machine hits both alike).
    public static func run(batchSizes: [Int] = defaultBatchSizes, architecture: CNNArchitecture = .standard,
                           rounds: Int = 5, roundSeconds: Double = 0.1,
                           between: ((Int) -> Void)? = nil) -> [CNNBenchRow] {
        BLAS.setThreads(1)
        let gemm = SgemmKernel(size: 512)
        var sgemmBest = 0.0
        var rows: [CNNBenchRow] = []
        for b in batchSizes {
            let step = CNNTrainingStep(architecture: architecture, batch: b)
            var best = Double.infinity
            for _ in 0..<rounds {
                best = min(best, step.secondsPerStep(roundSeconds: roundSeconds))
                between?(b)
                sgemmBest = max(sgemmBest, gemm.gflops(roundSeconds: roundSeconds / 2))
            }
            let gflops = Double(step.network.flopsPerSamplePerStep * b) / best / 1e9
            rows.append(CNNBenchRow(batch: b, secondsPerStep: best, gflops: gflops, sgemmGflops: 0))
        }
        return rows.map {
            CNNBenchRow(batch: $0.batch, secondsPerStep: $0.secondsPerStep, gflops: $0.gflops, sgemmGflops: sgemmBest)
        }
    }

    /// Single-thread sgemm GFLOP/s (n x n x n, 2 n^3 flops), best of `rounds`.
    public static func sgemmGflops(size: Int = 512, rounds: Int = 5, roundSeconds: Double = 0.1) -> Double {
        BLAS.setThreads(1)
        let timer = SgemmKernel(size: size)
        return (0..<rounds).map { _ in timer.gflops(roundSeconds: roundSeconds) }.max() ?? 0
    }

    /// Seconds elapsed while running `body` (monotonic clock).
    static func seconds(_ body: () -> Void) -> Double {
        let start = ContinuousClock.now
        body()
        let d = ContinuousClock.now - start
        return Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
    }
}

/// One SGD step (forward, backward, w -= 0.01 g) of a CNN at a fixed batch size on synthetic
/// 8x8 images, with every buffer allocated up front: the kernel the CNN benchmarks time.
public final class CNNTrainingStep {
    /// The network (its `flopsPerSamplePerStep` times `batch` is the work of one step).
    public let network: CNNNetwork
    /// B.
    public let batch: Int
    let data: DigitsDataset
    let indices: [Int32]
    var parameters: [Float]
    var gradient: [Float]
    var cursor = 0

    /// A step of `architecture` at batch size `batch`; data are 1,797 seeded random images.
    public init(architecture: CNNArchitecture = .standard, batch: Int, seed: UInt64 = 2024) {
        var rng = Xoshiro256(seed: seed)
        let count = 1797
        let images = (0..<(count * 64)).map { _ in Float(rng.uniform()) }
        let labels = (0..<count).map { Int32($0 % 10) }
        data = DigitsDataset(images: images, labels: labels, source: "synthetic")
        indices = (0..<count).map { _ in Int32(rng.bounded(UInt64(count))) }
        network = CNNNetwork(architecture: architecture, capacity: batch)
        self.batch = batch
        parameters = [Float](repeating: 0, count: network.parameterCount)
        gradient = parameters
        parameters.withUnsafeMutableBufferPointer { network.initialize(parameters: $0, rng: &rng) }
        step()  // warm up (first touch of the workspaces and of OpenBLAS's buffers)
    }

    /// Floating-point operations of one step (about 1.84e6 B for the standard network).
    public var flopsPerStep: Int { network.flopsPerSamplePerStep * batch }

    /// One SGD step with lr 0.01 on the next `batch` indices; returns the minibatch loss.
    /// Allocation-free.
    @discardableResult
    public func step() -> Float {
        if cursor + batch > indices.count { cursor = 0 }
        let d = parameters.count
        let loss = indices.withUnsafeBufferPointer { all in
            parameters.withUnsafeBufferPointer { w in
                gradient.withUnsafeMutableBufferPointer { g in
                    network.lossAndGradient(parameters: w.baseAddress!, dataset: data,
                                            batch: UnsafeBufferPointer(rebasing: all[cursor..<(cursor + batch)]),
                                            gradient: g.baseAddress!)
                }
            }
        }
        gradient.withUnsafeBufferPointer { g in
            parameters.withUnsafeMutableBufferPointer { w in
                BLAS.axpy(count: d, alpha: -0.01, x: g.baseAddress!, y: w.baseAddress!)
            }
        }
        cursor += batch
        return loss
    }

    /// Runs steps for about `roundSeconds`; returns seconds per step.
    public func secondsPerStep(roundSeconds: Double) -> Double {
        // Calibrate the step count from one short probe.
        let probe = CNNBench.seconds { for _ in 0..<3 { step() } } / 3
        let steps = max(3, Int(roundSeconds / max(probe, 1e-7)))
        return CNNBench.seconds { for _ in 0..<steps { step() } } / Double(steps)
    }
}

/// Times C = A B for n x n Float32 matrices on the process's BLAS threads.
/// C = A B for n x n Float32 matrices on the process's BLAS threads (2 n^3 flops): the
/// reference the CNN step rate is compared with.
public final class SgemmKernel {
    /// n.
    public let n: Int
    var a: [Float], b: [Float], c: [Float]

    /// Square matrices of side `size`, filled with fixed values.
    public init(size n: Int) {
        self.n = n
        a = (0..<(n * n)).map { Float($0 % 17) / 17 }
        b = (0..<(n * n)).map { Float($0 % 13) / 13 }
        c = [Float](repeating: 0, count: n * n)
        _ = gflops(roundSeconds: 0)
    }

    /// One product C = A B.
    public func run() {
        BLAS.gemm(m: n, n: n, k: n, a: a, lda: n, b: b, ldb: n, c: &c, ldc: n)
    }

    /// Floating-point operations of one product, 2 n^3.
    public var flops: Int { 2 * n * n * n }

    /// Runs sgemm for about `roundSeconds` (at least once); returns GFLOP/s.
    public func gflops(roundSeconds: Double) -> Double {
        let n = n
        func once() { run() }
        let probe = CNNBench.seconds(once)
        let reps = max(1, Int(roundSeconds / max(probe, 1e-6)))
        let t = CNNBench.seconds { for _ in 0..<reps { once() } }
        return 2 * Double(n * n * n) * Double(reps) / t / 1e9
    }
}
