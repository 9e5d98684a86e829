import Foundation
import PopBenchCore

/// `am3`: the 3-state approximate majority protocol.
///
/// States x (opinion A), y (opinion B) and the blank b (undecided). One-way rules, as in the
/// paper, where the initiator acts on the responder: (x, y) -> (x, b), (y, x) -> (y, b),
/// (x, b) -> (x, x), (y, b) -> (y, y). It converges in O(log n) parallel time with high
/// probability, to the initial majority when the margin is ω(sqrt(n) log n).
/// Reference: D. Angluin, J. Aspnes, D. Eisenstat, "A simple population protocol for fast
/// robust approximate majority", Distributed Computing 21(2):87-102, 2008 (Theorems 1 and 2).
public enum AM3 {
    /// The protocol as data.
    public static let spec = ProtocolSpec(
        name: "am3", states: ["A", "B", "U"],
        rules: [Rule("A", "B", "A", "U"), Rule("B", "A", "B", "U"), Rule("A", "U", "A", "A"), Rule("B", "U", "B", "B")],
        outputs: ["A": "A", "B": "B", "U": "undecided"],
        initial: InitialConfiguration([("A", .majority), ("B", .minority)]))

    /// The compiled table.
    public static let table = try! CompiledProtocol(spec)

    /// The catalog entry. Budget 50 ln n + 100: tens of times the typical convergence time
    /// (about 5-15 ln n here).
    public static let plugin = ProtocolPlugin(
        name: "am3", summary: "3-state approximate majority (x,y -> x,b; x,b -> x,x and mirror)",
        reference: "Angluin, Aspnes, Eisenstat, A simple population protocol for fast robust approximate majority, Distributed Computing 21(2), 2008",
        goal: .majority, bound: .log,
        notes: "O(log n) parallel time w.h.p.; correct w.h.p. when the margin is at least sqrt(n) log n",
        claim: ProtocolClaim(row: "3-state approximate majority [AAE08]", states: "3",
                             time: "O(log n) w.h.p. for margin omega(sqrt(n) log n)", shape: .log, exact: false),
        table: { _ in table },
        budget: { setup in 50 * Foundation.log(max(setup.size, 2)) + 100 }, tableIgnoresN: true)
}
