import Foundation
import PopBenchCore

/// `leader-minion`: the leader–minion leader election of D. Alistarh and R. Gelashvili,
/// "Polylogarithmic-time leader election in population protocols", ICALP 2015 (arXiv
/// 1502.05745): the protocol that the seed's leader-election [AAEGR17] row builds on, not that
/// row itself.
///
/// Sources and confidence (spec `le-aaegr17.md`, part A, medium): the rule is stated in words
/// in the AG15 abstract and simulated in ppsim's `current/leader_minion.ipynb`; the cap
/// m = c_m L^e and its tie-break are the spec's [UNCONFIRMED] choices. This file is this
/// catalog's own code, written from the spec.
///
/// State: one signed value v in {−m…−1} ∪ {1…m}; v > 0 is a contender (output L), v < 0 a
/// minion carrying |v| (output F). Everyone starts at +1. In an interaction of x and y, with
/// M = max(|x|, |y|) read from the old values: a contender whose value is at least its
/// partner's survives with min(M + 1, m); every other side becomes the minion −M. At the cap,
/// two contenders at m: the responder becomes −m (spec part A, "cap tie-break").
///
/// Safety (spec part A): the largest value ever created belongs to a contender that just
/// survived; nobody exceeds it, so it is never demoted, and at the cap the tie-break needs two
/// contenders: at least one contender always exists, and once one is left it stays.
///
/// The spec's m = L^3 (c_m = 1) gives 2 L^3 states, above the engines' 4096 from n > 2^12, so
/// the exponent e is a parameter: e = 2 (ppsim's m = L^2, the default) or 3 where 2m fits.
public enum LeaderMinion {
    /// The interaction of initiator value `x` with responder value `y` under cap `m`.
    public static func interact(_ x: Int, _ y: Int, cap m: Int) -> (Int, Int) {
        let big = max(abs(x), abs(y))
        if x == m && y == m { return (m, -m) }   // cap tie-break
        func side(_ z: Int, _ w: Int) -> Int { z > 0 && z >= abs(w) ? min(big + 1, m) : -big }
        return (side(x, y), side(y, x))
    }

    /// m = max(2, ⌈c_m L^e⌉) with L = ⌈log2 n⌉.
    public static func cap(n: Int, cm: Double, power: Int) -> Int {
        var l = 1
        while (1 << l) < n { l += 1 }
        return max(2, Int((cm * pow(Double(l), Double(power))).rounded(.up)))
    }

    /// State index of value v: contenders 1…m at 0…m−1, minions −1…−m at m…2m−1.
    static func index(_ v: Int, _ m: Int) -> Int { v > 0 ? v - 1 : m - v - 1 }
    static func value(_ i: Int, _ m: Int) -> Int { i < m ? i + 1 : -(i - m + 1) }

    static func spec(cap m: Int) -> ProtocolSpec {
        let names = (0..<(2 * m)).map { i -> String in
            let v = value(i, m)
            return v > 0 ? "+\(v)" : "\(v)"
        }
        return GeneratedProtocol.spec(
            name: "leader-minion", states: names, outputs: (0..<(2 * m)).map { $0 < m ? "L" : "F" },
            initial: InitialConfiguration([("+1", .rest)]),
            convergence: .count(states: Array(names[0..<m]), comparison: .equal, value: 1)
        ) { p, q in
            let (a, b) = interact(value(p, m), value(q, m), cap: m)
            return (index(a, m), index(b, m))
        }
    }

    static let tables = TableCache<Int, CompiledProtocol> { try! CompiledProtocol(spec(cap: $0)) }

    static func cap(_ setup: TrialSetup) -> Int {
        cap(n: setup.n, cm: setup.config["cm"]?.doubleValue ?? 1,
            power: setup.config["power"].flatMap { Int($0.description) } ?? 2)
    }

    /// The compiled table with cap m.
    public static func table(cap m: Int) -> CompiledProtocol { tables.value(m) }

    /// The catalog entry. Budget 10 L^3 + 1000 parallel time (the claimed O(log^3 n)).
    public static let plugin = ProtocolPlugin(
        name: "leader-minion",
        summary: "leader-minion leader election (Alistarh, Gelashvili ICALP 2015), the base of [AAEGR17]; values up to m = c_m L^e",
        reference: "Alistarh, Gelashvili, Polylogarithmic-time leader election in population protocols, ICALP 2015 (arXiv 1502.05745); rule from its abstract and ppsim's leader_minion.ipynb via the spec le-aaegr17.md part A (confidence medium; cap and tie-break unconfirmed)",
        goal: .leader(symbol: "L"),
        parameters: [
            .real("cm", default: 1, range: 0.25...4, help: "cap constant: values up to m = ceil(cm L^power)"),
            .int("power", default: 2, range: 2...3,
                 help: "cap exponent: 2 (ppsim's m = L^2) or 3 (the spec's L^3, only while 2m <= 4096 states)"),
        ],
        bound: .log3,
        notes: "always exactly one leader in the end (at least one contender at every step); claimed O(log^3 n) states and time (AG15 abstract says polylogarithmic; exponents unconfirmed); the cap is L^2 by default because 2 L^3 states exceed the engines' 4096 above n = 2^12",
        minimumN: 2,
        claim: ProtocolClaim(row: "leader-minion [AG15] (the base of [AAEGR17])", states: "O(log^3 n)", time: "O(log^3 n) (polylog in the abstract)",
                             shape: .log3, exact: true, rules: .reconstructed),
        table: { setup in tables.value(cap(setup)) },
        budget: { setup in
            let l = Foundation.log2(Double(max(setup.n, 2)))
            return 10 * l * l * l + 1000
        },
        check: { setup in
            let m = cap(setup)
            guard 2 * m <= CompiledProtocol.maxStates else {
                throw UsageError("--power: m = \(m) gives \(2 * m) states at n = \(setup.n), above the engines' \(CompiledProtocol.maxStates); use --power 2 or a smaller --cm")
            }
        })
}
