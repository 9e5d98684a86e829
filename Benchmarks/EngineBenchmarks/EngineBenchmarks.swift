import Benchmark

/// Entry point of the package-benchmark target: each family registers its own benchmarks.
let benchmarks: @Sendable () -> Void = {
    registerProtocolBenchmarks()
    registerOptimizationBenchmarks()
    registerCNNBenchmarks()
}
