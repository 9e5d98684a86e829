import PopBenchCore

/// Runs a compiled protocol on the engine the user chose: the one entry point plugins use.
public enum ProtocolSimulation {
    /// Simulates from `counts` until convergence or `maxInteractions` on `engine` (`auto`
    /// resolved by n and the number of states).
    public static func run(_ table: CompiledProtocol, counts: [Int], engine: EngineKind,
                           maxInteractions: UInt64, rng: inout Xoshiro256) throws -> SimulationResult {
        let n = counts.reduce(0, +)
        let chosen = engine.resolved(n: n, states: table.stateCount)
        switch chosen {
        case .agent, .auto:
            return AgentEngine.run(table, counts: counts, maxInteractions: maxInteractions, rng: &rng)
        case .batch:
            return BatchEngine.run(table, counts: counts, maxInteractions: maxInteractions, rng: &rng)
        }
    }
}
