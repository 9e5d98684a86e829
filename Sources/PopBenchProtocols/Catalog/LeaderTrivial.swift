import PopBenchCore

/// `le-trivial`: every agent starts as a leader; when two leaders meet, the responder becomes
/// a follower, (L, L) -> (L, F).
///
/// With k leaders an interaction removes one with probability k(k-1)/(n(n-1)), so the expected
/// number of interactions is sum_{k=2}^{n} n(n-1)/(k(k-1)) = (n-1)^2, parallel time (n-1)^2/n:
/// linear in n. Reference: D. Angluin, J. Aspnes, Z. Diamadi, M. Fischer, R. Peralta,
/// "Computation in networks of passively mobile finite-state sensors", Distributed Computing
/// 18(4), 2006 (the folklore protocol).
public enum LeaderTrivial {
    /// The protocol as data.
    public static let spec = ProtocolSpec(
        name: "le-trivial", states: ["L", "F"], rules: [Rule("L", "L", "L", "F")],
        outputs: ["L": "L", "F": "F"], initial: InitialConfiguration([("L", .rest)]))

    /// The compiled table.
    public static let table = try! CompiledProtocol(spec)

    /// The catalog entry. Budget 20 n + 100: the time is a sum of exponentials with mean about
    /// n, so 20 n is never reached.
    public static let plugin = ProtocolPlugin(
        name: "le-trivial", summary: "trivial leader election L,L -> L,F",
        reference: "Angluin, Aspnes, Diamadi, Fischer, Peralta, Computation in networks of passively mobile finite-state sensors, Distributed Computing 18(4), 2006",
        goal: .leader(symbol: "L"), bound: .linear,
        notes: "expected (n-1)^2 interactions, parallel time (n-1)^2/n (exact)",
        claim: ProtocolClaim(row: "trivial leader election", states: "2", time: "(n-1)^2/n expected (exact)",
                             shape: .linear, exact: true),
        table: { _ in table },
        budget: { setup in 20 * Double(setup.n) + 100 },
        expectations: { setup in
            let m = Double(setup.n - 1)
            return [OutcomeName.interactions: m * m, OutcomeName.time: m * m / Double(setup.n)]
        })
}
