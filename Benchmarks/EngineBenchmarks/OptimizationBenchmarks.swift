import Benchmark

/// Kernel benchmarks for the optimization family (gradients, PopSGD interactions).
func registerOptimizationBenchmarks() {
}
