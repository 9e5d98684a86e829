import Foundation
import PopBenchCore
import PopBenchProtocols
import Testing

@Suite(.serialized) struct ScratchTau {
    static let cases: [(String, [String: String], String, Int, Int)] = [
        ("am3", [:], "majority", 1_000_000, 200), ("em4", ["gap": "0.1"], "majority", 1_000_000, 100),
        ("am3", [:], "majority", 10_000_000, 100), ("epidemic", [:], "broadcast", 1_000_000, 100),
        ("avc", ["gap": "0.05"], "majority", 100_000, 50), ("le-fast", [:], "leader", 100_000, 50),
        ("cancel-split", ["gap": "0.05"], "majority", 100_000, 50), ("em4", ["gap": "0.1"], "majority", 10_000_000, 50),
    ]
    @Test(arguments: 0..<8) func measure(i: Int) throws {
        let (name, params, task, n, trials) = Self.cases[i]
        let plugin = catalogPlugin(name)
        var times: [String: [Double]] = [:], secs: [String: Double] = [:]
        for engine in ["batch", "tau"] {
            var p = params; p["engine"] = engine
            let start = Date()
            let recs = try runTrials(plugin, task: task, n: n, params: p, trials: trials, master: 77)
            secs[engine] = Date().timeIntervalSince(start) / Double(trials)
            times[engine] = recs.map { $0.outcomes[OutcomeName.time]! }
            if !recs.allSatisfy({ $0.status == .ok }) { print("MEAS \(name) \(engine) timeouts") }
        }
        let e = times["batch"]!, t = times["tau"]!
        let ks = TestStats.kolmogorovSmirnov(e, t)
        let se = (TestStats.sd(e) * TestStats.sd(e) / Double(e.count) + TestStats.sd(t) * TestStats.sd(t) / Double(t.count)).squareRoot() / TestStats.mean(e)
        print(String(format: "MEAS | %@ %@ | %.0e | %d | %.3f | %.3f | %+.2f%% +- %.2f%% | %.3f (p %.2f) | %.4f | %.4f |", name, params.description, Double(n), trials, TestStats.mean(e), TestStats.mean(t), 100 * (TestStats.mean(t) / TestStats.mean(e) - 1), 100 * se, ks.d, ks.p, secs["batch"]!, secs["tau"]!))
    }
}
