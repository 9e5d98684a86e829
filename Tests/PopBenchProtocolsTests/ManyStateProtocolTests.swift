import PopBenchCore
import PopBenchProtocols
import Testing

/// avc, cancel-split and le-fast: agent and batch engines agree in
/// distribution at n = 1000 (300 trials each, fixed seeds); correctness; state counts.
@Suite struct ManyStateProtocolTests {
    static let cases: [(name: String, params: [String: String], task: String)] = [
        ("avc", [:], "majority"),
        ("cancel-split", [:], "majority"),
        ("le-fast", [:], "leader"),
    ]

    @Test(arguments: 0..<3)
    func agentAndBatchAgree(index: Int) throws {
        let (name, params, task) = Self.cases[index]
        try expectEnginesAgree(name, params: params, task: task, expectCorrect: true)
    }

    /// AVC is always correct, also with the smallest parameters and a margin of 2 agents.
    @Test(arguments: [["m": "3", "d": "1"], ["m": "15", "d": "4"], [:]])
    func avcAlwaysCorrect(params: [String: String]) throws {
        for side in ["A", "B"] {
            for engine in ["agent", "batch"] {
                var p = params; p["gap"] = "0.004"; p["majority"] = side; p["engine"] = engine
                let recs = try runTrials(AVC.plugin, task: "majority", n: 500, params: p, trials: 40)
                #expect(recs.allSatisfy { $0.status == .ok && $0.outcomes[OutcomeName.correct] == 1 }, "\(p)")
            }
        }
    }

    /// cancel-split reaches the input majority at small margins on both engines.
    @Test func cancelSplitCorrect() throws {
        for side in ["A", "B"] {
            for engine in ["agent", "batch"] {
                let recs = try runTrials(CancelSplit.plugin, task: "majority", n: 500,
                                         params: ["gap": "0.004", "majority": side, "engine": engine], trials: 40)
                #expect(recs.allSatisfy { $0.status == .ok && $0.outcomes[OutcomeName.correct] == 1 })
            }
        }
    }

    /// le-fast leaves exactly one leader at several sizes (n = 2 never breaks the tie: both flip
    /// bits toggle together, so the plugin requires n >= 3).
    @Test func leaderFastElectsOne() throws {
        for n in [3, 50, 5000] {
            let recs = try runTrials(LeaderFast.plugin, task: "leader", n: n, params: ["engine": "agent"], trials: 30)
            #expect(recs.allSatisfy { $0.status == .ok && $0.outcomes[OutcomeName.correct] == 1 }, "n = \(n)")
        }
    }

    /// State counts: m + 2d + 1 for AVC, 2 ceil(log2 n) + 4 for cancel-split, O(log n) for le-fast.
    @Test func stateCounts() {
        #expect(CompiledProtocolCount.avc(m: 63, d: 10) == 63 + 20 + 1)
        #expect(CancelSplit.table(n: 1000).stateCount == 2 * 10 + 4)
        #expect(CancelSplit.table(n: 1_000_000).stateCount == 2 * 20 + 4)
        let small = CompiledProtocolCount.leFast(n: 1 << 10), large = CompiledProtocolCount.leFast(n: 1 << 30)
        print("le-fast states: \(small) at n = 2^10, \(large) at n = 2^30")
        #expect(large < 4 * small)
        #expect(AVC.paperLevels(m: 63, n: 1000) == 60)
    }
}

enum CompiledProtocolCount {
    static func avc(m: Int, d: Int) -> Int { (try? CompiledProtocol(AVC.spec(m: m, d: d)))?.stateCount ?? -1 }
    static func leFast(n: Int) -> Int { (try? CompiledProtocol(LeaderFast.spec(n: n, u: 4)))?.stateCount ?? -1 }
}
