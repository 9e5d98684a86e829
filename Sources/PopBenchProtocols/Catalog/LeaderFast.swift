import Foundation
import PopBenchCore

/// `le-fast`: leader election with O(log n) states in O(log^2 n) parallel time, without a phase
/// clock.
///
/// Reference: P. Berenbrink, D. Kaaser, P. Kling, L. Otterbach, "Simple and efficient leader
/// election", SOSA 2018 (Section 2, the protocol and its Theorem 1: O(log n) states,
/// O(log^2 n) parallel time w.h.p. and in expectation).
///
/// Every agent holds a role (contender or minion), a flip bit (toggled at each of its
/// interactions: a synthetic coin), a marker bit, a phase (marking or tournament) and a
/// counter. An interaction applies the update below to both agents at once, each reading the
/// other's state from before the interaction (the paper's "both agents update" assumption):
/// - marking: count interactions; from 3 loglog n on, a partner whose flip bit is 0 sends the
///   agent to the tournament; an agent that reaches 4 loglog n becomes a marker (about
///   n / log n agents) and enters the tournament;
/// - tournament: a contender meeting a marker increments its counter (up to U log n); a
///   contender whose counter is below the partner's, or equal to a contender partner's with a
///   smaller flip bit, becomes a minion; everyone keeps the largest counter seen.
/// The contender holding the largest counter never drops, so one contender always remains,
/// and ties die at the first meeting with different flip bits: exactly one leader with
/// probability 1 when n >= 3 (with n = 2 both flip bits toggle together and the tie never
/// breaks, so the plugin requires n >= 3). Converged when one contender is left (a count predicate; contenders are
/// never created). With loglog n = ⌊log2 log2 n⌋ and U log n = U ⌊log2 n⌋ the reachable state
/// set is O(log n) and is built for the given n by closure from the initial state.
public enum LeaderFast {
    struct Agent: Hashable {
        var contender = true
        var flip = 0
        var marker = false
        var tournament = false
        var counter = 0
    }

    /// The paper's update of v after meeting u (u as before the interaction).
    static func update(_ v0: Agent, _ u: Agent, loglogn: Int, ulogn: Int) -> Agent {
        var v = v0
        if !v.tournament {
            if v.counter >= 3 * loglogn && u.flip == 0 { v.tournament = true } else { v.counter += 1 }
            if v.counter == 4 * loglogn { v.marker = true; v.tournament = true }
        }
        if v.tournament {
            if v.contender {
                if u.marker && v.counter <= ulogn { v.counter += 1 }
                if v.counter < u.counter { v.contender = false }
                if u.contender && v.counter == u.counter && v.flip < u.flip { v.contender = false }
            }
            v.counter = max(v.counter, u.counter)
        }
        v.flip = 1 - v.flip
        return v
    }

    /// The protocol for population n with constant U.
    public static func spec(n: Int, u: Int) -> ProtocolSpec {
        let log2n = max(1, Int(Foundation.log2(Double(max(n, 2)))))
        let loglogn = max(1, Int(Foundation.log2(Double(log2n))))
        let ulogn = u * log2n
        let (states, table) = GeneratedProtocol.reachable(from: [Agent()]) { a, b in
            (update(a, b, loglogn: loglogn, ulogn: ulogn), update(b, a, loglogn: loglogn, ulogn: ulogn))
        }
        func name(_ a: Agent) -> String {
            "\(a.contender ? "C" : "m")\(a.tournament ? "t" : "k")\(a.marker ? "*" : "")\(a.counter)f\(a.flip)"
        }
        let names = states.map(name)
        let contenders = states.indices.filter { states[$0].contender }.map { names[$0] }
        return GeneratedProtocol.spec(
            name: "le-fast", states: names, outputs: states.map { $0.contender ? "L" : "F" },
            initial: InitialConfiguration([(name(Agent()), .rest)]),
            convergence: .count(states: contenders, comparison: .equal, value: 1)
        ) { p, q in table[p << 16 | q]! }
    }

    struct Key: Hashable, Sendable { var n: Int; var u: Int }
    static let tables = TableCache<Key, CompiledProtocol> { try! CompiledProtocol(spec(n: $0.n, u: $0.u)) }

    /// The compiled table for a setup. Tables depend on n only through ⌊log2 n⌋.
    public static func table(_ setup: TrialSetup) -> CompiledProtocol {
        let u = setup.config["U"].flatMap { Int($0.description) } ?? 4
        let log2n = max(1, Int(Foundation.log2(Double(max(setup.n, 2)))))
        return tables.value(Key(n: 1 << log2n, u: u))
    }

    /// The catalog entry. Budget 100 (log2 n)^2 + 1000: well beyond O(log^2 n) (ties at the cap
    /// resolve in O(1) meetings).
    public static let plugin = ProtocolPlugin(
        name: "le-fast", summary: "leader election by marker-driven counter tournament, O(log n) states",
        reference: "Berenbrink, Kaaser, Kling, Otterbach, Simple and efficient leader election, SOSA 2018",
        goal: .leader(symbol: "L"),
        parameters: [.int("U", default: 4, range: 1...16, help: "counter cap U log2 n of the tournament")],
        bound: .log2, notes: "always elects exactly one leader for n >= 3; O(log^2 n) parallel time w.h.p.", minimumN: 3,
        claim: ProtocolClaim(row: "leader election [BKKO18]", states: "O(log n)", time: "O(log^2 n)", shape: .log2, exact: true),
        table: { setup in table(setup) },
        budget: { setup in
            let l = Foundation.log2(Double(max(setup.n, 2)))
            return 100 * l * l + 1000
        })
}
