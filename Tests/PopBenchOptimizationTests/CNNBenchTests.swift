import Testing
import PopBenchOptimization

/// The benchmark's shape only (speed is measured by the benchmark target and the CLI, never
/// asserted in a unit test).
@Suite struct CNNBenchTests {
    @Test func benchProducesOneRowPerBatchSize() {
        let rows = CNNBench.run(batchSizes: [1, 4], rounds: 1, roundSeconds: 0.005)
        #expect(rows.map(\.batch) == [1, 4])
        #expect(rows.allSatisfy { $0.secondsPerStep > 0 && $0.gflops > 0 && $0.sgemmGflops > 0 })
    }
}
