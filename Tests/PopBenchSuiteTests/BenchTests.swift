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

    /// The calibrated cap of `bench protocols --n` without `--budget`: seconds x rate / n,
    /// between 0.1 and the cap (a tiny time gives the floor, a huge one the cap; in between it
    /// grows with the seconds asked for).
    @Test func calibratedBudgetIsBounded() throws {
        #expect(try ProtocolBench.calibratedBudget(plugin: "am3", n: 10_000, seconds: 1e-9) == 0.1)
        #expect(try ProtocolBench.calibratedBudget(plugin: "am3", n: 10_000, seconds: 1e9) == 50)
        #expect(try ProtocolBench.calibratedBudget(plugin: "am3", n: 10_000, seconds: 1e9, cap: 7) == 7)
        let b = try ProtocolBench.calibratedBudget(plugin: "am3", n: 10_000_000, seconds: 0.01)
        #expect(b >= 0.1 && b < 50, "budget \(b)")
        #expect(throws: UsageError.self) { _ = try ProtocolBench.calibratedBudget(plugin: "nosuch", n: 10, seconds: 1) }
    }

    /// Counts above 2^32 work end to end on the batch engine (epidemic at n = 10^10). One trial
    /// of the one-way epidemic has mean 2 H_{n-1} (n-1)/n ~ 2 (ln n + 0.5772) and standard
    /// deviation about pi sqrt(1/3) = 1.81 (the k-th infection takes an exponential-like time of
    /// mean about 1/k + 1/(n-k)); it is checked within 4 standard deviations.
    @Test func hugePopulation() throws {
        let row = try ProtocolBench.run(plugin: "epidemic", engine: .batch, n: 10_000_000_000, trials: 1)
        #expect(row.converged == 1)
        #expect(abs(row.meanTime - 2 * (log(1e10) + 0.577_215_664_9)) < 4 * 1.81, "time \(row.meanTime)")
    }
}

import Foundation
