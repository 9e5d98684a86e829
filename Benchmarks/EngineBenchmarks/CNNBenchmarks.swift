import Benchmark
import PopBenchOptimization

/// CNN kernel benchmarks: one SGD step (forward + backward + update) of the default digits CNN
/// at batch 1, 8, 32 and 128 on one BLAS thread, and single-thread sgemm 512 x 512 as the
/// same-run reference. Throughput is reported in steps (or products) per second; multiply by
/// `CNNTrainingStep.flopsPerStep` (about 1.84e6 B) or 2 * 512^3 for FLOP/s. `popbench` prints
/// the ratio directly through `CNNBench.run()`. Malloc counts must stay 0 per step.
func registerCNNBenchmarks() {
    let metrics: [BenchmarkMetric] = [.wallClock, .throughput, .mallocCountTotal]
    for batch in CNNBench.defaultBatchSizes {
        Benchmark("CNN SGD step, batch \(batch)",
                  configuration: .init(metrics: metrics, scalingFactor: .one, maxDuration: .seconds(2))) { (benchmark: Benchmark, step: CNNTrainingStep) in
            for _ in benchmark.scaledIterations { blackHole(step.step()) }
        } setup: {
            BLAS.setThreads(1)
            return CNNTrainingStep(batch: batch)
        }
    }
    Benchmark("sgemm 512x512, one thread",
              configuration: .init(metrics: metrics, scalingFactor: .one, maxDuration: .seconds(2))) { (benchmark: Benchmark, kernel: SgemmKernel) in
        for _ in benchmark.scaledIterations { kernel.run() }
    } setup: {
        BLAS.setThreads(1)
        return SgemmKernel(size: 512)
    }
}
