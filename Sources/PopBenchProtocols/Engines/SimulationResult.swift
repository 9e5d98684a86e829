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
    /// protocols` (both engines, every catalog protocol; 2026-12-07, engines of 78bd0be): at
    /// 10^6 and 10^7 the batch engine is faster on all thirteen (1.67x-18.6x at 10^6, >= 14x at
    /// 10^7); at 10^5 on seven, while the agent engine is faster on six with many states present
    /// or dense rules (split-join, phased-majority, block-majority, cancel-split,
    /// doty21-majority, avc: batch 0.65x-0.93x); at 3 x 10^4 on six (epidemic, am3, le-trivial
    /// 3.2x-5.9x; em4, leader-minion 1.1x), at 10^4 on the three with two or three states
    /// (epidemic 1.87x, am3 1.27x, le-trivial 4.71x), at 4096 on epidemic alone. The state count
    /// does not tell the six of 10^5 apart (le-fast, 432 states, is 1.87x faster on the batch
    /// engine there; cancel-split, 38, 0.87x), so the rule is n alone; below 2^16 the runs take
    /// milliseconds either way.
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
