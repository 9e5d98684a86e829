import Foundation
import Testing
import PopBenchTestSupport

@Suite struct CheckCommandTests {
    @Test func missingBaselineExitsThreeAndSaysHowToCreateOne() throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        let r = try cli.run(["check", "--quick"])
        #expect(r.status == 3)
        #expect(r.stderr.contains("popbench check --update"))
    }

    /// A stored run made deliberately worse is flagged with exit 1; the untouched run passes.
    @Test func againstFlagsAWorseStoredRun() throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        let only = ["--only", "quality/epidemic,quality/popsgd/mean/n64/time_to_target,exact/epidemic"]
        let update = try cli.run(["check", "--quick", "--update", "--seed", "7"] + only)
        #expect(update.status == 0, "\(update.stderr)")
        let fresh = try cli.run(["check", "--quick", "--run-id", "fresh", "--seed", "8"] + only)
        #expect(fresh.status == 0, "\(fresh.stdout)\(fresh.stderr)")
        #expect(fresh.stdout.contains("verdict"))
        #expect(try cli.run(["check", "--against", "fresh"]).status == 0)

        // Synthetic worse run: PopSGD takes twice as long to reach the target. (Seeds 7 and 8 alone
        // differ by 16% in median at 20 trials under the one-sided default, so 1.6x is not clear.)
        var object = try #require(JSONSerialization.jsonObject(with: cli.read("results/fresh/check.json")) as? [String: Any])
        var metrics = try #require(object["metrics"] as? [[String: Any]])
        for i in metrics.indices where (metrics[i]["name"] as? String)?.contains("popsgd") == true {
            metrics[i]["samples"] = (metrics[i]["samples"] as! [Any]).map { (($0 as? Double) ?? 0) * 2 }
        }
        object["metrics"] = metrics
        let worseDir = cli.directory.appendingPathComponent("results/worse")
        try FileManager.default.createDirectory(at: worseDir, withIntermediateDirectories: true)
        try JSONSerialization.data(withJSONObject: object).write(to: worseDir.appendingPathComponent("check.json"))
        let flagged = try cli.run(["check", "--against", "worse", "--json"])
        #expect(flagged.status == 1)
        let verdict = try #require(JSONSerialization.jsonObject(with: Data(flagged.stdout.utf8)) as? [String: Any])
        #expect((verdict["regressions"] as? [String]) == ["quality/popsgd/mean/n64/time_to_target"])
    }

    /// `--update --only` refreshes the named metrics and keeps the others; a run measured
    /// differently (another seed) is refused before any work, and the baseline is untouched.
    @Test func updateOnlyKeepsTheOtherMetrics() throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        func names() throws -> Set<String> {
            let object = try #require(JSONSerialization.jsonObject(with: cli.read("results/baseline.json")) as? [String: Any])
            return Set(try #require(object["metrics"] as? [[String: Any]]).compactMap { $0["name"] as? String })
        }
        #expect(try cli.run(["check", "--quick", "--update", "--seed", "7", "--only", "exact/epidemic"]).status == 0)
        #expect(try cli.run(["check", "--quick", "--update", "--seed", "7", "--only", "quality/epidemic"]).status == 0)
        #expect(try names() == ["exact/epidemic/broadcast/n1000/interactions", "quality/epidemic/broadcast/n1000/time"])
        let before = try cli.read("results/baseline.json")
        let other = try cli.run(["check", "--quick", "--update", "--seed", "8", "--only", "quality/am3"])
        #expect(other.status == 2 && other.stderr.contains("--update --only"), "\(other.stderr)")
        #expect(try cli.read("results/baseline.json") == before)
    }

    /// A real run of a plugin with a smaller learning rate is flagged too.
    @Test func smallerLearningRateIsARegression() throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        let only = ["--only", "quality/popsgd/mean/n64/time_to_target"]
        #expect(try cli.run(["check", "--quick", "--update"] + only).status == 0)
        // Store a run made with a 10x smaller step-size scale, then compare it.
        let slow = try cli.run(["compare", "--algos", "popsgd", "--task", "mean", "--nodes", "64", "--trials", "20",
                                "--lr", "0.1", "--run-id", "slow", "--no-plots", "--json"])
        #expect(slow.status == 0, "\(slow.stderr)")
        // Turn the stored trials into a check file through the library's own format.
        let baseline = try #require(JSONSerialization.jsonObject(with: cli.read("results/baseline.json")) as? [String: Any])
        var metrics = try #require(baseline["metrics"] as? [[String: Any]])
        let times = try trialTimes(cli, run: "slow")
        metrics[0]["samples"] = times
        var object = baseline
        object["metrics"] = metrics
        try JSONSerialization.data(withJSONObject: object).write(to: cli.directory.appendingPathComponent("results/slow/check.json"))
        let r = try cli.run(["check", "--against", "slow"])
        #expect(r.status == 1, "\(r.stdout)")
    }

    /// Time to target per trial from a stored run's report rows is not per-trial; recompute it
    /// from trials.jsonl as the check measures it: the first checkpoint (in node-steps) after
    /// which the mean node error stays <= target.
    func trialTimes(_ cli: CLIRunner, run: String) throws -> [Double] {
        let manifest = try #require(JSONSerialization.jsonObject(with: cli.read("results/\(run)/manifest.json")) as? [String: Any])
        let spec = try #require(manifest["spec"] as? [String: Any])
        let cells = try #require(spec["cells"] as? [[String: Any]])
        let target = try #require(cells[0]["target"] as? Double)
        let text = String(decoding: try cli.read("results/\(run)/trials.jsonl"), as: UTF8.self)
        return try text.split(separator: "\n").map { line in
            let r = try #require(JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            let series = try #require(r["series"] as? [String: Any])
            let errors = try #require((series["metrics"] as? [String: Any])?["error@nodes-mean"] as? [Double])
            let times = try #require((series["clocks"] as? [String: Any])?["node-steps"] as? [Double])
            var settle: Int? = nil
            for i in stride(from: errors.count - 1, through: 0, by: -1) {
                if errors[i] <= target { settle = i } else { break }
            }
            return settle.map { times[$0] } ?? 1e300 // never settled: a huge time (JSON has no infinity)
        }
    }
}

/// `--speed warn` through the CLI: a stored run 1000 times slower than the baseline on one speed
/// metric prints a WARN line, exits 0 and records the warning in verdict.json; `--speed fail`
/// exits 1. Runs nothing (compares stored files).
@Suite struct CheckSpeedWarnTests {
    @Test func speedWarnPrintsAWarnLineAndRecordsIt() throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        let repoBaseline = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("results/baseline.json")
        var object = try #require(JSONSerialization.jsonObject(with: Data(contentsOf: repoBaseline)) as? [String: Any])
        let results = cli.directory.appendingPathComponent("results")
        try FileManager.default.createDirectory(at: results.appendingPathComponent("slow"), withIntermediateDirectories: true)
        try JSONSerialization.data(withJSONObject: object).write(to: results.appendingPathComponent("baseline.json"))
        var metrics = try #require(object["metrics"] as? [[String: Any]])
        let i = try #require(metrics.firstIndex { ($0["name"] as? String)?.hasPrefix("speed/") == true })
        let name = try #require(metrics[i]["name"] as? String)
        metrics[i]["samples"] = (metrics[i]["samples"] as! [Any]).map { (($0 as? Double) ?? 0) / 1000 }
        object["metrics"] = metrics
        try JSONSerialization.data(withJSONObject: object).write(to: results.appendingPathComponent("slow/check.json"))

        let warn = try cli.run(["check", "--against", "slow", "--speed", "warn", "--run-id", "warned"])
        #expect(warn.status == 0, "\(warn.stdout)\(warn.stderr)")
        #expect(warn.stdout.contains("WARN \(name)"), "\(warn.stdout)")
        let verdict = try #require(JSONSerialization.jsonObject(with: cli.read("results/warned/verdict.json")) as? [String: Any])
        #expect((verdict["warnings"] as? [String]) == [name])
        #expect(try cli.run(["check", "--against", "slow", "--speed", "fail"]).status == 1)
    }
}
