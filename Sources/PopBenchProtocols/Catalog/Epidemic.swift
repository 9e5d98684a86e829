import Foundation
import PopBenchCore

/// `epidemic`: one informed agent spreads to all (rumor spreading / broadcast).
///
/// One-way: only the initiator infects, `(I, S) -> (I, I)`; two-way: either side infects,
/// `I + S -> I + I`. With k informed agents an interaction informs a new one with probability
/// k(n-k)/(n(n-1)) one-way and twice that two-way, so the expected number of interactions is
/// sum_{k=1}^{n-1} n(n-1)/(k(n-k)) = 2(n-1)H_{n-1} one-way and (n-1)H_{n-1} two-way, i.e.
/// parallel time 2(n-1)H_{n-1}/n ~ 2 ln n and (n-1)H_{n-1}/n ~ ln n.
/// Reference: D. Angluin, J. Aspnes, D. Eisenstat, "Fast computation by population protocols
/// with a leader", Distributed Computing 21(3), 2008 (one-way epidemic, Lemma 2).
public enum Epidemic {
    /// The protocol of a variant (`one-way` or `two-way`).
    public static func spec(variant: String) -> ProtocolSpec {
        let rules = variant == "two-way" ? Rule.symmetric("I", "S", "I", "I") : [Rule("I", "S", "I", "I")]
        return ProtocolSpec(name: "epidemic-\(variant)", states: ["I", "S"], rules: rules,
                            outputs: ["I": "informed", "S": "uninformed"],
                            initial: InitialConfiguration([("I", .count(1)), ("S", .rest)]))
    }

    static let oneWay = try! CompiledProtocol(spec(variant: "one-way"))
    static let twoWay = try! CompiledProtocol(spec(variant: "two-way"))

    /// The compiled table of the configured variant.
    public static func table(_ setup: TrialSetup) -> CompiledProtocol {
        setup.config["variant"]?.description == "two-way" ? twoWay : oneWay
    }

    /// The catalog entry. Budget 20 ln n + 50, ten times the one-way expectation plus slack:
    /// the completion time has an exponential (Gumbel) tail, so a run exceeding this is
    /// essentially impossible.
    public static let plugin = ProtocolPlugin(
        name: "epidemic", summary: "one-way or two-way epidemic: one informed agent informs all",
        reference: "Angluin, Aspnes, Eisenstat, Fast computation by population protocols with a leader, Distributed Computing 21(3), 2008",
        goal: .broadcast,
        parameters: [
            .choice("variant", ["one-way", "two-way"], default: "one-way",
                    help: "one-way: only the initiator informs (I,S -> I,I); two-way: either side does"),
        ],
        bound: .log, notes: "expected parallel time 2(n-1)H(n-1)/n one-way, (n-1)H(n-1)/n two-way (exact)",
        table: { setup in table(setup) },
        budget: { setup in 20 * Foundation.log(Double(max(setup.n, 2))) + 50 },
        expectations: { setup in
            let n = setup.n
            guard n >= 2 else { return [:] }
            let factor = setup.config["variant"]?.description == "two-way" ? 1.0 : 2.0
            let interactions = factor * Double(n - 1) * ProtocolTrial.harmonic(n - 1)
            return [OutcomeName.interactions: interactions, OutcomeName.time: interactions / Double(n)]
        })
}
