import PopBenchCore

/// The exact agent-based engine: one interaction at a time over an array of agent states
/// (docs/design.md, "simulation engines").
///
/// States are stored as the smallest unsigned integer type that holds k (UInt8 up to 256
/// states, UInt16 up to 4096); the transition table is dense over ordered pairs and interleaved
/// (new initiator, new responder). Each interaction draws an ordered pair of distinct agents
/// with two unbiased Lemire draws (`Xoshiro256.bounded`). The loop is generic over the state
/// type and specialized, with no existential dispatch and no allocation per interaction.
/// Convergence is detected exactly at the interaction where it happens (`StabilityMonitor`).
public enum AgentEngine {
    /// Runs from `counts` (agents per state) until convergence or `maxInteractions`.
    public static func run(_ table: CompiledProtocol, counts: [Int], maxInteractions: UInt64,
                           rng: inout Xoshiro256) -> SimulationResult {
        if table.stateCount <= 256 {
            return run(UInt8.self, table, counts: counts, maxInteractions: maxInteractions, rng: &rng)
        }
        return run(UInt16.self, table, counts: counts, maxInteractions: maxInteractions, rng: &rng)
    }

    /// The loop for state type S.
    @inline(never)
    static func run<S: FixedWidthInteger & UnsignedInteger>(
        _: S.Type, _ table: CompiledProtocol, counts initial: [Int], maxInteractions: UInt64,
        rng: inout Xoshiro256
    ) -> SimulationResult {
        let n = initial.reduce(0, +)
        precondition(n >= 2, "a population needs at least two agents")
        let shift = table.shift
        var agents = [S](); agents.reserveCapacity(n)
        for (s, c) in initial.enumerated() { agents.append(contentsOf: repeatElement(S(s), count: c)) }
        var pairTable = [S](repeating: 0, count: 2 * table.nextInitiator.count)
        for i in 0..<table.nextInitiator.count {
            pairTable[2 * i] = S(table.nextInitiator[i]); pairTable[2 * i + 1] = S(table.nextResponder[i])
        }
        var counts = initial
        var tracker = ConvergenceTracker(table, counts: initial)
        if tracker.converged(counts) {
            return SimulationResult(interactions: 0, converged: true, counts: counts)
        }
        let everyChange = tracker.needsEveryChange
        var r = rng
        defer { rng = r }
        let n64 = UInt64(n), m64 = UInt64(n - 1)
        var t: UInt64 = 0
        var done = false
        agents.withUnsafeMutableBufferPointer { st in
            pairTable.withUnsafeBufferPointer { tab in
                counts.withUnsafeMutableBufferPointer { c in
                    while t < maxInteractions {
                        let i = Int(truncatingIfNeeded: r.bounded(n64))
                        var j = Int(truncatingIfNeeded: r.bounded(m64))
                        j &+= j >= i ? 1 : 0
                        t &+= 1
                        let a = st[i], b = st[j]
                        let idx = (Int(a) &<< shift) | Int(b)
                        let a2 = tab[2 &* idx], b2 = tab[2 &* idx &+ 1]
                        if a2 == a && b2 == b { continue }
                        st[i] = a2; st[j] = b2
                        // Fast path: counts move, no count crosses the classes 0 / 1 / >= 2.
                        var event = false
                        if a != a2 {
                            c[Int(a)] &-= 1; c[Int(a2)] &+= 1
                            event = event || c[Int(a)] < 2 || c[Int(a2)] <= 2
                        }
                        if b != b2 {
                            c[Int(b)] &-= 1; c[Int(b2)] &+= 1
                            event = event || c[Int(b)] < 2 || c[Int(b2)] <= 2
                        }
                        if everyChange || event {
                            if tracker.update(from: (Int(a), Int(b)), to: (Int(a2), Int(b2)), counts: c) {
                                done = true
                                break
                            }
                        }
                    }
                }
            }
        }
        return SimulationResult(interactions: t, converged: done, counts: counts)
    }
}
