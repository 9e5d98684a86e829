import Benchmark

/// Entry point of the package-benchmark target: each family registers its own benchmarks.
///
/// Thresholds for `swift package benchmark baseline check`: wall-clock time may move within
/// package-benchmark's relaxed relative and absolute tolerances (shared machines are noisy), while
/// allocation counts are held strictly (the inner loops must stay allocation-free).
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration.thresholds = [.wallClock: .relaxed, .mallocCountTotal: .strict]
    registerProtocolBenchmarks()
    registerOptimizationBenchmarks()
    registerCNNBenchmarks()
    registerStatisticsBenchmarks()
}
