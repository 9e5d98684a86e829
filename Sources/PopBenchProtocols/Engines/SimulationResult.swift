/// The outcome of one simulated run of a protocol, from any engine.
public struct SimulationResult: Sendable, Hashable {
    /// Interactions until convergence (the index of the first interaction after which the
    /// convergence condition holds), or until the budget ran out.
    public var interactions: UInt64
    /// False when the budget ran out first.
    public var converged: Bool
    /// Agents per state at the end.
    public var counts: [Int]
    /// `interactions` as a real number: the same value for the exact engines; the tau engine's
    /// real-valued time, which is not rounded and may exceed UInt64 (`interactions` is then
    /// capped at UInt64.max).
    public var interactionCount: Double
    /// Null interactions the batch engine counted without simulating them one by one (exact
    /// null skipping, `NullSkipping`); 0 on the other engines.
    public var nullInteractionsSkipped: UInt64 = 0

    public init(interactions: UInt64, converged: Bool, counts: [Int]) {
        self.interactions = interactions; self.converged = converged; self.counts = counts
        self.interactionCount = Double(interactions)
    }
}

/// Which simulation engine runs a protocol (the family-wide option `engine`).
public enum EngineKind: String, Sendable, Hashable, CaseIterable {
    /// One interaction at a time over an array of agent states: the reference for correctness.
    case agent
    /// Multibatching on state counts (Berenbrink et al. ESA 2020): exact in distribution.
    case batch
    /// `agent` for small populations, `batch` from `EngineKind.autoThreshold` (and never
    /// `batch` for a convergence condition it cannot decide exactly: `batchPredicateProblem`).
    case auto
    /// Approximate: tau-leaping on real-valued counts with exact steps where counts are small
    /// (`TauEngine`), for populations the exact engines cannot reach. Never chosen by `auto`.
    case tau

    /// Populations from which `auto` picks the batch engine. Measured with `popbench bench
    /// protocols --n 1e4,1e5,1e6,1e7` (both engines, every catalog protocol): the batch engine
    /// is faster on every catalog protocol from 10^5 on except cancel-split (about 44 states
    /// present at once; batch 0.3x agent at 10^5, 0.8x at 10^6, 4x at 10^7), and at 10^4 the
    /// agent engine is faster on the few-state protocols.
    public static let autoThreshold = 1 << 16

    /// The engine that runs a population of n agents of a protocol with k states (k is not
    /// used: the batch engine's cost depends on the states present at once, not on k).
    public func resolved(n: Int, states k: Int) -> EngineKind {
        switch self {
        case .agent, .batch, .tau: return self
        case .auto: return n >= Self.autoThreshold ? .batch : .agent
        }
    }

    /// The engine that runs a population of n agents of `table`: as `resolved(n:states:)`, but
    /// `auto` stays on the agent engine when the batch engine cannot decide the table's count
    /// predicate exactly.
    public func resolved(n: Int, table: CompiledProtocol) -> EngineKind {
        let chosen = resolved(n: n, states: table.stateCount)
        return self == .auto && chosen == .batch && table.batchPredicateProblem != nil ? .agent : chosen
    }
}
