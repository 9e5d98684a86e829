import Foundation
import PopBenchCore

/// `split-join`: exact majority with O(log^2 n) states in O(log^3 n) parallel time.
///
/// Reference: D. Alistarh, J. Aspnes, D. Eisenstat, R. Gelashvili, R. L. Rivest, "Time-space
/// trade-offs in population protocols", SODA 2017 (arXiv 1602.08032), the Split-Join majority
/// algorithm of its upper-bound part: O(log^2 n) states, O(log^3 n) expected parallel time,
/// always correct. The paper's full text was not readable from this session (only its
/// abstract); the rules below follow the algorithm's description as implemented in ppsim's
/// notebook `split_join_majority.ipynb` (Doty, Severson, UC Davis), which was read to check
/// every rule and is not copied; their invariants are proven here and checked exhaustively in
/// `SplitJoinProofTests`.
///
/// Every agent holds a pair (x, y) with x, y in {0, 1, 2, 4, ..., L}, L = 2^⌈log2 n⌉: a
/// positive part x and a negative part y, value x − y. Inputs A and B start at (L, 0) and
/// (0, L). An interaction of (x1, y1) with (x2, y2) applies, in order:
/// 1. Cancel: reduce(x1, y2) and reduce(x2, y1), where reduce(u, v) = (0, 0) when u = v,
///    (u − v, 0) when u = 2v, (0, v − u) when v = 2u, else (u, v) (each keeps u − v);
/// 2. Join: when both values are positive and y1 = y2, y1 <- y1 + y2 and y2 <- 0; when both
///    are negative and x1 = x2, x1 <- x1 + x2 and x2 <- 0;
/// 3. Split (on the values after Join): when some value is positive, max(x1, x2) > 1 and
///    min(x1, x2) = 0, both x become max / 2; likewise for y when some value is negative;
/// 4. Normalize each agent by reduce(x, y). An agent with x = y = 0 outputs the sign of its
///    partner's value after step 3 (A when that value is >= 0); others output the sign of x − y.
/// Two agents with x = y = 0 do nothing. Every step keeps the sum of values, L (#A − #B), so
/// the majority's sign is never lost; `SplitJoinProofTests` checks on every configuration
/// reachable at small n that the all-majority output is always reachable and, once reached,
/// never left.
///
/// States: the (x, y) pairs reachable from the inputs, with a signed zero, built by closure for
/// L (that is, O(log^2 n): 422 at n = 10^6, where L = 2^20). Constant chosen here: L = 2^⌈log2 n⌉, the smallest
/// power of two >= n, so that at most ⌈log2 n⌉ halvings spread one input's value over n agents.
public enum SplitJoin {

    /// One agent: positive part x, negative part y (0 or powers of two), and for x = y = 0
    /// the output it last adopted.
    struct Agent: Hashable {
        var x: Int
        var y: Int
        var outputsB = false
        var value: Int { x - y }
    }

    /// reduce(u, v): cancels u against v when they are equal or one is twice the other.
    static func reduce(_ u: Int, _ v: Int) -> (Int, Int) {
        if u == v { return (0, 0) }
        if u == 2 * v { return (u - v, 0) }
        if 2 * u == v { return (0, v - u) }
        return (u, v)
    }

    /// The interaction of initiator `a` with responder `b` (steps 1 to 4 of the doc comment).
    static func interact(_ a: Agent, _ b: Agent) -> (Agent, Agent) {
        if a.x == 0 && a.y == 0 && b.x == 0 && b.y == 0 { return (a, b) }
        var (x1, y1, x2, y2) = (a.x, a.y, b.x, b.y)
        (x1, y2) = reduce(x1, y2)                                   // 1. cancel
        (x2, y1) = reduce(x2, y1)
        if x1 - y1 > 0 && x2 - y2 > 0 && y1 == y2 { y1 += y2; y2 = 0 }   // 2. join
        if x1 - y1 < 0 && x2 - y2 < 0 && x1 == x2 { x1 += x2; x2 = 0 }
        let v1 = x1 - y1, v2 = x2 - y2                              // 3. split
        if (v1 > 0 || v2 > 0) && max(x1, x2) > 1 && min(x1, x2) == 0 { x1 = max(x1, x2) / 2; x2 = x1 }
        if (v1 < 0 || v2 < 0) && max(y1, y2) > 1 && min(y1, y2) == 0 { y1 = max(y1, y2) / 2; y2 = y1 }
        func normalize(_ x: Int, _ y: Int, partner: Int) -> Agent {   // 4. normalize
            let (x, y) = reduce(x, y)
            return Agent(x: x, y: y, outputsB: x == 0 && y == 0 ? partner < 0 : x < y)
        }
        return (normalize(x1, y1, partner: v2), normalize(x2, y2, partner: v1))
    }

    /// L = 2^⌈log2 n⌉ (at least 2).
    public static func scale(n: Int) -> Int {
        var l = 2
        while l < n { l *= 2 }
        return l
    }

    /// The protocol with initial magnitude L (a power of two).
    public static func spec(scale l: Int) -> ProtocolSpec {
        let a = Agent(x: l, y: 0), b = Agent(x: 0, y: l, outputsB: true)
        let (states, table) = GeneratedProtocol.reachable(from: [a, b], delta: interact)
        func name(_ s: Agent) -> String { s.x == 0 && s.y == 0 ? (s.outputsB ? "0B" : "0A") : "x\(s.x)y\(s.y)" }
        return GeneratedProtocol.spec(
            name: "split-join", states: states.map(name), outputs: states.map { $0.outputsB ? "B" : "A" },
            initial: InitialConfiguration([(name(a), .majority), (name(b), .minority)])
        ) { p, q in table[p << 16 | q]! }
    }

    static let tables = TableCache<Int, CompiledProtocol> { try! CompiledProtocol(spec(scale: $0)) }

    /// The compiled table for population n (it depends on n only through L).
    public static func table(n: Int) -> CompiledProtocol { tables.value(scale(n: n)) }

    /// The catalog entry. Budget 100 (log2 n)^3 + 1000: far beyond the O(log^3 n) expectation.
    public static let plugin = ProtocolPlugin(
        name: "split-join",
        summary: "Split-Join exact majority: cancel, join and split power-of-two parts, O(log^2 n) states",
        reference: "Alistarh, Aspnes, Eisenstat, Gelashvili, Rivest, Time-space trade-offs in population protocols, SODA 2017 (arXiv 1602.08032)",
        goal: .majority, bound: .log3,
        notes: "always correct (exact); claimed O(log^2 n) states and O(log^3 n) expected parallel time",
        claim: ProtocolClaim(row: "Split-Join [AAEGR17]", states: "O(log^2 n)", time: "O(log^3 n)", shape: .log3, exact: true, rules: .publicCode),
        table: { setup in table(n: setup.n) },
        budget: { setup in
            let l = Foundation.log2(Double(max(setup.n, 2)))
            return 100 * l * l * l + 1000
        })
}
