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

    /// The agent engine timed over phases of the batch engine's stretch (`agentOverStretch`).
    /// am3 at n = 10^4 is far from converged at parallel time 1: five phases of 2000 interactions,
    /// each run in full by the agent engine (the phase is shorter than the 10^5 floor), so the
    /// interactions are exactly trials x 10^4 and the batch runs reach parallel time 1 exactly.
    /// The epidemic at n = 10^4 converges near 2 ln n = 18.4 (standard deviation about 1.8), so
    /// with a stretch of 50 its batch run stops in the second or third phase of 10 (the agent
    /// runs the whole first phase, 10^5 interactions, and at most the next two) and the stretch
    /// covered is its convergence time.
    @Test func agentIsTimedOverTheStretch() throws {
        let am3 = try ProtocolBench.agentOverStretch(plugin: "am3", n: 10_000, end: 1, seconds: 1e-9, trials: 2)
        #expect(am3.engine == "agent" && am3.interactions == 20_000 && am3.meanTime == 1 && am3.converged == 0)
        #expect(am3.interactionsPerSecond > 0)
        let epidemic = try ProtocolBench.agentOverStretch(plugin: "epidemic", n: 10_000, end: 50, seconds: 1e-9, trials: 3)
        #expect(epidemic.meanTime > 10 && epidemic.meanTime < 30, "stretch \(epidemic.meanTime)")
        #expect(epidemic.interactions > 3 * 100_000 && epidemic.interactions <= 3 * 3 * 100_000)
        #expect(throws: UsageError.self) {
            _ = try ProtocolBench.agentOverStretch(plugin: "nosuch", n: 10, end: 1, seconds: 1)
        }
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
