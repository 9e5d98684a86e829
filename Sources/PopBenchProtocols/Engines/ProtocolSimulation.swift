import PopBenchCore

/// Runs a compiled protocol on the engine the user chose: the one entry point plugins use.
public enum ProtocolSimulation {
    /// Simulates from `counts` until convergence or `maxInteractions` on `engine` (`auto`
    /// resolved by n, the number of states and the convergence condition). Throws when the batch
    /// engine is asked for a count predicate it cannot decide exactly (plugins reject that in
    /// `validate`, before any trial).
    public static func run(_ table: CompiledProtocol, counts: [Int], engine: EngineKind,
                           maxInteractions: UInt64, rng: inout Xoshiro256) throws -> SimulationResult {
        let n = counts.reduce(0, +)
        let chosen = engine.resolved(n: n, table: table)
        if chosen == .batch || chosen == .tau, let problem = table.batchPredicateProblem { throw ProtocolError(problem) }
        switch chosen {
        case .tau:
            return TauEngine.runOnIntCounts(table, counts: counts, maxInteractions: Double(maxInteractions), rng: &rng)
        case .agent, .auto:
            return AgentEngine.run(table, counts: counts, maxInteractions: maxInteractions, rng: &rng)
        case .batch:
            return BatchEngine.run(table, counts: counts, maxInteractions: maxInteractions, rng: &rng)
        }
    }

    /// As `run(_:counts:engine:maxInteractions:rng:)` with the budget in parallel time: the
    /// tau engine gets it as a real number of interactions (budget x n may exceed UInt64);
    /// the exact engines get it rounded up, capped at UInt64.max.
    public static func run(_ table: CompiledProtocol, counts: [Int], engine: EngineKind,
                           parallelBudget budget: Double, rng: inout Xoshiro256) throws -> SimulationResult {
        let n = counts.reduce(0, +)
        let interactions = budget * Double(n)
        if engine == .tau {
            if let problem = table.batchPredicateProblem { throw ProtocolError(problem) }
            return TauEngine.runOnIntCounts(table, counts: counts, maxInteractions: interactions, rng: &rng)
        }
        let cap = interactions >= 1.8e19 ? UInt64.max : UInt64(max(1, interactions.rounded(.up)))
        return try run(table, counts: counts, engine: engine, maxInteractions: cap, rng: &rng)
    }
}
