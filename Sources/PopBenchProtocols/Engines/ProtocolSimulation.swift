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
        if chosen == .batch, let problem = table.batchPredicateProblem { throw ProtocolError(problem) }
        switch chosen {
        case .agent, .auto:
            return AgentEngine.run(table, counts: counts, maxInteractions: maxInteractions, rng: &rng)
        case .batch:
            return BatchEngine.run(table, counts: counts, maxInteractions: maxInteractions, rng: &rng)
        }
    }
}
