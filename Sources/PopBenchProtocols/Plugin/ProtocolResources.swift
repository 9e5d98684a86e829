import PopBenchCore

/// Memory and time of one protocol trial, estimated from n and the engine before anything runs.
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

    /// The estimate for `setup`, or nil when its task is not a protocol task. Throws for a
    /// majority with no margin: with `--gap 0` the two opinions tie and no answer is correct.
    public static func estimate(_ setup: TrialSetup) throws -> ResourceEstimate? {
        guard ProtocolTasks.all.contains(where: { $0.name == setup.task }) else { return nil }
        if setup.task == ProtocolTasks.majority.name, !(ProtocolTrial.majoritySetup(setup).gap > 0) {
            throw UsageError("--gap: 0 makes the two opinions tie, so no answer is correct; allowed: 0 < gap <= 1")
        }
        let n = setup.n
        let engine = ProtocolTrial.engine(setup).resolved(n: n, states: 2)
        if engine == .tau { return ResourceEstimate(bytes: 1e6, memoryAdvice: "") }  // counts; cost grows like log n
        if engine == .batch {
            if n > maxBatchN {
                let steps = String(format: "%.2g", Double(n).squareRoot())
                throw UsageError("--n: \(n) agents is above what the batch engine supports (n <= 1e14); it takes about sqrt(n) = \(steps) steps per unit of parallel time")
            }
            return ResourceEstimate(bytes: 1e6, memoryAdvice: "")  // state counts only
        }
        var seconds: Double?
        if let budget = setup.budget {
            seconds = budget * Double(n) / agentInteractionsPerSecond
        }
        return ResourceEstimate(bytes: 2 * Double(n) + 1e6, memoryAdvice: "use --engine batch (it works on state counts) or lower --n",
                                seconds: seconds, timeAdvice: "use --engine batch or lower --budget")
    }
}
