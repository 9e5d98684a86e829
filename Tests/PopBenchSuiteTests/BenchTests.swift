import PopBenchCore
import PopBenchProtocols
import PopBenchSuite
import Testing

/// The bench entry point for `popbench bench protocols` runs and reports rows (not timed here).
@Suite struct BenchTests {
    @Test func benchRowsAreFilled() throws {
        let row = try ProtocolBench.run(plugin: "am3", engine: .batch, n: 100_000, trials: 2)
        #expect(row.converged == 2 && row.interactions > 0 && row.interactionsPerSecond > 0)
        #expect(ProtocolBench.defaultGrid().count == 13 && ProtocolBench.defaultGrid(large: true).count == 19)
        #expect(throws: UsageError.self) { _ = try ProtocolBench.run(plugin: "nosuch", engine: .agent, n: 10) }
    }

    /// Counts above 2^32 work end to end on the batch engine (epidemic at n = 10^10).
    @Test func hugePopulation() throws {
        let row = try ProtocolBench.run(plugin: "epidemic", engine: .batch, n: 10_000_000_000, trials: 1)
        #expect(row.converged == 1)
        #expect(abs(row.meanTime - 2 * log(1e10)) < 3)
    }
}

import Foundation
