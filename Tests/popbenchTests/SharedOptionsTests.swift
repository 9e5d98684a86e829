import Foundation
import Testing
import PopBenchTestSupport

/// `throughput` and `bench protocols` take `--trials`, `--seed`, `--n`/`--nodes`, `--json` and
/// `--run-id` from the options every trial-running command shares: same checks, same errors,
/// and an error names the spelling the user typed.
@Suite struct SharedOptionsTests {
    @Test func errorsNameTheSpellingTyped() throws {
        for (args, field) in [(["throughput", "--n", "1"], "--n:"), (["throughput", "--nodes", "1"], "--nodes:"),
                              (["compare", "--algos", "popsgd", "--task", "mean", "--n", "1"], "--n:"),
                              (["compare", "--algos", "popsgd", "--task", "mean", "--nodes", "1"], "--nodes:")] {
            let cli = try CLIRunner()
            defer { cli.cleanUp() }
            let r = try cli.run(args + ["--no-plots"])
            #expect(r.status == 2, "\(args): \(r.stderr)")
            #expect(r.stderr.hasPrefix("popbench: error: \(field)"), "\(args): \(r.stderr)")
        }
    }

    @Test func sameChecksInEveryCommand() throws {
        for command in [["throughput"], ["bench", "protocols"], ["compare", "--algos", "sgd"]] {
            for bad in [["--trials", "0"], ["--seed", "-1"], ["--n", "abc"]] {
                let cli = try CLIRunner()
                defer { cli.cleanUp() }
                let r = try cli.run(command + bad)
                #expect(r.status == 2, "\(command + bad): \(r.status) \(r.stderr)")
                #expect(r.stderr.trimmingCharacters(in: .newlines).split(separator: "\n").count == 1, "\(command + bad): \(r.stderr)")
            }
        }
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        let r = try cli.run(["bench", "protocols", "--run-id", "x"])
        #expect(r.status == 2 && r.stderr.contains("--run-id"), "\(r.stderr)")
    }

    /// `bench protocols --n` with `--engine batch`: one row per catalog protocol, JSON keys kept.
    @Test func benchProtocolsTakesTheSharedOptions() throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        let r = try cli.run(["bench", "protocols", "--nodes", "1000", "--engine", "batch", "--trials", "1",
                             "--budget", "5", "--seed", "3", "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        let json = try #require(JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect(json["command"] as? String == "bench protocols")
        let rows = try #require(json["rows"] as? [[String: Any]])
        #expect(!rows.isEmpty && rows.allSatisfy { $0["engine"] as? String == "batch" && $0["trials"] as? Int == 1 })
        for key in ["plugin", "engine", "n", "trials", "interactions", "seconds", "interactions_per_second",
                    "seconds_per_trial", "mean_time", "converged"] {
            #expect(rows[0][key] != nil, "missing key \(key)")
        }
        #expect((json["ratios"] as? [Any])?.isEmpty == true)
    }
}
