import PopBenchCore

/// What a protocol trial must reach, by task: where it starts and which final configurations
/// count as correct.
public enum ProtocolGoal: Sendable, Hashable {
    /// `broadcast`: the protocol's initial configuration; no `correct` outcome (converging is
    /// the whole task).
    case broadcast
    /// `majority`: the protocol's `majority` and `minority` states with the task's `gap` (sides
    /// swapped when the task's `majority` is `B`); correct when every agent outputs the symbol
    /// of the state that started in the majority.
    case majority
    /// `leader`: the protocol's initial configuration; correct when exactly one agent outputs
    /// `symbol`.
    case leader(symbol: String)

    /// The task's name.
    public var task: String {
        switch self {
        case .broadcast: ProtocolTasks.broadcast.name
        case .majority: ProtocolTasks.majority.name
        case .leader: ProtocolTasks.leader.name
        }
    }

    /// The goal of a protocol file's `task:` (`leader:` names the leader's output symbol).
    public init(task: String, leaderSymbol: String) {
        switch task {
        case ProtocolTasks.majority.name: self = .majority
        case ProtocolTasks.leader.name: self = .leader(symbol: leaderSymbol)
        default: self = .broadcast
        }
    }

    /// The initial counts of a trial of `table` and the check of its final counts (nil: no
    /// `correct` outcome is recorded).
    public func start(_ table: CompiledProtocol, setup: TrialSetup) throws
        -> (counts: [Int], correct: (@Sendable (SimulationResult) -> Bool)?) {
        switch self {
        case .broadcast:
            return (try table.initialCounts(n: setup.n), nil)
        case .majority:
            let (counts, majority) = try Self.majorityCounts(table, setup: setup)
            return (counts, Self.consensus(on: majority, table))
        case .leader(let symbol):
            return (try table.initialCounts(n: setup.n), Self.uniqueLeader(symbol: symbol, table))
        }
    }

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
    static func consensus(on majorityState: Int, _ table: CompiledProtocol) -> @Sendable (SimulationResult) -> Bool {
        { result in
            let n = result.counts.reduce(0, +)
            return table.outputCounts(result.counts)[table.output[majorityState]] == n
        }
    }

    /// Correct when exactly one agent outputs `symbol` (the leader).
    static func uniqueLeader(symbol: String, _ table: CompiledProtocol) -> @Sendable (SimulationResult) -> Bool {
        { result in
            guard let o = table.outputSymbols.firstIndex(of: symbol) else { return false }
            return table.outputCounts(result.counts)[o] == 1
        }
    }
}
