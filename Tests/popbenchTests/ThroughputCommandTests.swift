import Foundation
import Testing
import PopBenchTestSupport

/// `popbench throughput`: table, JSON, plot, and one-line usage errors with exit 2.
@Suite struct ThroughputCommandTests {
    @Test func jsonRowsAndPlot() throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        let r = try cli.run(["throughput", "--nodes", "16,32", "--algos", "psgd,popsgd", "--latency", "1e-3",
                             "--model-size", "1e6", "--compute", "lognormal", "--trials", "2", "--budget", "20", "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        let json = try #require(JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect(json["command"] as? String == "throughput")
        let rows = try #require(json["rows"] as? [[String: Any]])
        #expect(rows.count == 4)
        #expect(rows.allSatisfy { ($0["samples_per_second"] as? Double ?? 0) > 0 })
        let cost = try #require(json["cost_model"] as? [String: String])
        #expect(cost["model-bytes"] == "1e6" && cost["latency"] == "1e-3" && cost["compute"] == "lognormal")
        let plots = try #require(json["plots"] as? [String])
        #expect(plots.count == 1 && FileManager.default.fileExists(atPath: plots[0]))
    }

    @Test func textTable() throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        let r = try cli.run(["throughput", "--nodes", "16", "--algos", "sgp", "--trials", "1", "--budget", "10", "--no-plots"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("samples/s") && r.stdout.contains("sgp") && r.stdout.contains("efficiency"))
        #expect(cli.entries("plots").isEmpty)
    }

    @Test func badInputExitsTwo() throws {
        for args in [["throughput", "--algos", "nosuch"], ["throughput", "--nodes", "1"],
                     ["throughput", "--latency=-1"], ["throughput", "--compute", "gamma"]] {
            let cli = try CLIRunner()
            defer { cli.cleanUp() }
            let r = try cli.run(args)
            #expect(r.status == 2, "\(args): \(r.status) \(r.stderr)")
            #expect(r.stderr.trimmingCharacters(in: .newlines).split(separator: "\n").count == 1, "\(args): \(r.stderr)")
            #expect(cli.entries("plots").isEmpty)
        }
    }
}
