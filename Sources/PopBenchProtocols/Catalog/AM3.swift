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
public struct AM3: Plugin {
    public init() {}

    /// The protocol as data.
    public static let spec = ProtocolSpec(
        name: "am3", states: ["A", "B", "U"],
        rules: [Rule("A", "B", "A", "U"), Rule("B", "A", "B", "U"), Rule("A", "U", "A", "A"), Rule("B", "U", "B", "B")],
        outputs: ["A": "A", "B": "B", "U": "undecided"],
        initial: InitialConfiguration([("A", .majority), ("B", .minority)]))

    /// The compiled table.
    public static let table = try! CompiledProtocol(spec)

    public var descriptor: PluginDescriptor {
        PluginDescriptor(
            name: "am3", family: .protocol,
            summary: "3-state approximate majority (x,y -> x,b; x,b -> x,x and mirror)",
            reference: "Angluin, Aspnes, Eisenstat, A simple population protocol for fast robust approximate majority, Distributed Computing 21(2), 2008",
            tasks: ["majority"], parameters: [ProtocolTasks.engineParameter], predictedBound: .log,
            notes: "O(log n) parallel time w.h.p.; correct w.h.p. when the margin is at least sqrt(n) log n",
            minimumN: 2)
    }

    /// 50 ln n + 100: tens of times the typical convergence time (about 5-15 ln n here).
    public func defaultBudget(_ setup: TrialSetup) -> Double { 50 * Foundation.log(Double(max(setup.n, 2))) + 100 }

    public func runTrial(_ setup: TrialSetup, rng: inout Xoshiro256, recorder: inout TrialRecorder) throws {
        let (counts, maj) = try TaskChecks.majorityCounts(Self.table, setup: setup)
        try ProtocolTrial.run(Self.table, counts: counts, setup: setup, budget: defaultBudget(setup), rng: &rng,
                              recorder: &recorder, correct: TaskChecks.consensus(on: maj, Self.table))
    }
}
