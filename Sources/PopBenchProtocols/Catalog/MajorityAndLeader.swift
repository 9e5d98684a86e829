import PopBenchCore

/// Shared set-up and correctness checks of the `majority` and `leader` tasks.
public enum TaskChecks {
    /// Initial counts for a majority protocol whose initial configuration has a `majority` and a
    /// `minority` state, with the task's `gap`; when the task's `majority` parameter is `B` the
    /// two sides are swapped. Returns the counts and the state that starts in the majority.
    public static func majorityCounts(_ table: CompiledProtocol, setup: TrialSetup) throws -> (counts: [Int], majorityState: Int) {
        let (gap, side) = ProtocolTrial.majoritySetup(setup)
        var counts = try table.initialCounts(n: setup.n, gap: gap)
        let entries = table.spec.initial.entries
        guard let maj = entries.first(where: { $0.amount == .majority }).flatMap({ table.state($0.state) }) else {
            throw UsageError("--task majority: protocol '\(table.spec.name)' has no 'majority' state in its initial configuration")
        }
        guard side == "B", let min = entries.first(where: { $0.amount == .minority }).flatMap({ table.state($0.state) }) else {
            return (counts, maj)
        }
        counts.swapAt(maj, min)
        return (counts, min)
    }

    /// Correct when every agent outputs the symbol of `majorityState`.
    public static func consensus(on majorityState: Int, _ table: CompiledProtocol) -> (SimulationResult) -> Bool {
        { result in
            let n = result.counts.reduce(0, +)
            return table.outputCounts(result.counts)[table.output[majorityState]] == n
        }
    }

    /// Correct when exactly one agent outputs `symbol` (the leader).
    public static func uniqueLeader(symbol: String, _ table: CompiledProtocol) -> (SimulationResult) -> Bool {
        { result in
            guard let o = table.outputSymbols.firstIndex(of: symbol) else { return false }
            return table.outputCounts(result.counts)[o] == 1
        }
    }
}
