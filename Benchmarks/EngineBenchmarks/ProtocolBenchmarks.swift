import Benchmark

/// Engine benchmarks for the protocol family (agent and batch engines).
func registerProtocolBenchmarks() {
}
