import Foundation
import PopBenchCore

/// `em4`: the 4-state exact majority protocol.
///
/// Strong states A, B and weak states a, b; symmetric rules A + B -> a + b (cancellation),
/// A + b -> A + a and B + a -> B + b (a strong agent converts a weak one). Outputs: A, a -> A;
/// B, b -> B. Always correct when #A != #B; expected parallel time O(log n / ε) for margin ε n
/// (Draief-Vojnovic), so O(log n) at a fixed gap fraction.
/// References: M. Draief, M. Vojnovic, "Convergence speed of binary interval consensus",
/// SIAM J. Control Optim. 50(3), 2012; G. Mertzios, S. Nikoletseas, C. Raptopoulos,
/// P. Spirakis, "Determining majority in networks with local interactions and very small local
/// memory", ICALP 2014.
public enum EM4 {
    /// The protocol as data.
    public static let spec = ProtocolSpec(
        name: "em4", states: ["A", "B", "a", "b"],
        rules: Rule.symmetric("A", "B", "a", "b") + Rule.symmetric("A", "b", "A", "a") + Rule.symmetric("B", "a", "B", "b"),
        outputs: ["A": "A", "a": "A", "B": "B", "b": "B"],
        initial: InitialConfiguration([("A", .majority), ("B", .minority)]))

    /// The compiled table.
    public static let table = try! CompiledProtocol(spec)

    /// Draief-Vojnovic's bound on the expected parallel time on the complete graph, (ln n + 1) / ε
    /// with ε = max(gap, 1/n) (at ε = 1/n the last strong agent meets every weak one, a coupon
    /// collection of about n ln n / 2).
    public static func predictedTime(_ setup: TrialSetup) -> Double {
        let gap = max(ProtocolTrial.majoritySetup(setup).gap, 1 / Double(max(setup.n, 1)))
        return (Foundation.log(Double(max(setup.n, 2))) + 1) / gap
    }

    /// The catalog entry. Budget 100 times `predictedTime`.
    public static let plugin = ProtocolPlugin(
        name: "em4", summary: "4-state exact majority (A+B -> a+b, A+b -> A+a, B+a -> B+b)",
        reference: "Draief, Vojnovic, Convergence speed of binary interval consensus, SIAM J. Control Optim. 50(3), 2012; Mertzios, Nikoletseas, Raptopoulos, Spirakis, ICALP 2014",
        goal: .majority, bound: .log,
        notes: "always correct for a nonzero margin; O(log n / gap) parallel time (log n at a fixed gap, Theta(n log n) at gap = 1/n)",
        claim: ProtocolClaim(row: "4EM [DV12, MNRS14]",
                             paper: "Draief, Vojnovic, SIAM J. Control Optim. 50(3), 2012; Mertzios, Nikoletseas, Raptopoulos, Spirakis, ICALP 2014",
                             states: "4", time: "O(log n / eps); Theta(n log n) at eps = 1/n", shape: .log, exact: true),
        table: { _ in table },
        budget: { 100 * predictedTime($0) }, predictedTime: predictedTime)
}
