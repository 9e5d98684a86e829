import PopBenchCore

/// Memory and time of one protocol trial, estimated from n and the engine before anything runs:
/// the engine's cost per unit of parallel time (`secondsPerUnit`), which the study multiplies by
/// the trial's predicted parallel time (its closed form where the plugin has one, else its budget).
///
/// The agent engine holds one state per agent (at most 2 bytes) and performs one interaction at
/// a time (about 3 x 10^8 per second on one core, measured): `--n 1e12 --engine agent` needs 2 TB and is
/// refused with the advice to use the batch engine, as is an agent run whose budget allows more
/// than a day of interactions. The batch engine works on state counts (memory independent of
/// n) but does about sqrt(n) steps per unit of parallel time, so n is capped at
/// `maxBatchN` = 10^14 (the engine benchmarks go to 10^12), which keeps a run of ~100 units of
/// parallel time under an hour.
public enum ProtocolResources {
    /// Largest population the batch engine accepts (documented cap).
    public static let maxBatchN = 100_000_000_000_000
    /// Interactions per second the agent engine is assumed to reach (an upper-side figure).
    public static let agentInteractionsPerSecond = 3e8
    /// Seconds per batch of the batch engine (an upper-side figure: measured 2.6e-6 s for am3 at
    /// n = 1e12 on a loaded core, 45 units of parallel time of 10^6 batches each in 116 s).
    public static let batchSecondsPerStep = 3.6e-6

    /// The estimate for `setup`, or nil when its task is not a protocol task. Throws for a
    /// majority with no margin: with `--gap 0` the two opinions tie and no answer is correct.
    public static func estimate(_ setup: TrialSetup) throws -> ResourceEstimate? {
        guard ProtocolTasks.all.contains(where: { $0.name == setup.task }) else { return nil }
        if setup.task == ProtocolTasks.majority.name, !(ProtocolTrial.majoritySetup(setup).gap > 0) {
            throw UsageError("--gap: 0 makes the two opinions tie, so no answer is correct; allowed: 0 < gap <= 1")
        }
        let n = setup.n
        let engine = ProtocolTrial.engine(setup).resolved(n: n, states: 2)
        // Counts; leaps change each count by a fixed fraction, so the cost grows like log n and not
        // with parallel time (measured: am3 at n = 1e20, 63 units of parallel time, in 0.23 s).
        if engine == .tau { return ResourceEstimate(bytes: 1e6, memoryAdvice: "") }
        if engine == .batch {
            if n > maxBatchN {
                let steps = String(format: "%.2g", Double(n).squareRoot())
                throw UsageError("--n: \(n) agents is above what the batch engine supports (n <= 1e14); it takes about sqrt(n) = \(steps) steps per unit of parallel time")
            }
            // State counts only; about sqrt(n) collision-free batches per unit of parallel time.
            return ResourceEstimate(bytes: 1e6, memoryAdvice: "", timeAdvice: "lower --n (or --budget)",
                                    secondsPerUnit: Double(n).squareRoot() * batchSecondsPerStep)
        }
        return ResourceEstimate(bytes: 2 * Double(n) + 1e6, memoryAdvice: "use --engine batch (it works on state counts) or lower --n",
                                timeAdvice: "use --engine batch (or tau), lower --n or --budget",
                                secondsPerUnit: Double(n) / agentInteractionsPerSecond)
    }
}
