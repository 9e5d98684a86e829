import Foundation
import Testing
import PopBenchTestSupport

@Suite struct CompareCommandTests {
    func report(_ stdout: String) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(stdout.utf8)) as? [String: Any])
    }

    /// The headline: PopSGD at n = 64 reaches the default target at least 10x sooner than
    /// sequential SGD per gradient a node evaluates (node-steps), with the ratio's CI excluding
    /// 10; comparisons come on every clock, and rows carry the node-level qualities.
    @Test func popsgdIsAtLeastTenTimesFasterThanSGDOnMean() throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        let r = try cli.run(["compare", "--algos", "sgd,popsgd", "--task", "mean", "--nodes", "64", "--trials", "20", "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        let json = try report(r.stdout)
        let comparisons = try #require(json["comparisons"] as? [[String: Any]])
        #expect(Set(comparisons.compactMap { $0["clock"] as? String }) == ["node-steps", "grads", "parallel", "wall", "bytes"])
        let c = try #require(comparisons.first { ($0["plugin"] as? String) == "popsgd" && ($0["clock"] as? String) == "node-steps" })
        let low = try #require(c["ci_low"] as? Double)
        #expect(low > 10, "speedup CI low end \(low)")
        #expect(c["quality"] as? String == "nodes-mean" && c["p_holm"] is Double)
        // Under the default one-sided rule a PopSGD node computes 1 gradient per unit of parallel
        // time (its own event), SGD 1 per step: the two speedups are the same number.
        let parallel = try #require(comparisons.first { ($0["clock"] as? String) == "parallel" })
        #expect(abs((c["ratio"] as? Double ?? 0) - (parallel["ratio"] as? Double ?? 1)) < 1e-9)
        let rows = try #require(json["rows"] as? [[String: Any]])
        for quality in ["avg", "nodes-mean", "nodes-worst", "consensus"] {
            #expect(rows.contains { $0["plugin"] as? String == "popsgd" && $0["quality"] as? String == quality }, "\(quality)")
        }
        let plotsDir = try #require(json["plots_dir"] as? String)
        let svgs = try FileManager.default.contentsOfDirectory(atPath: plotsDir).filter { $0.hasSuffix(".svg") }
        #expect(!svgs.isEmpty)
        let resultsDir = try #require(json["results_dir"] as? String)
        for file in ["manifest.json", "trials.jsonl", "summary.csv"] {
            #expect(FileManager.default.fileExists(atPath: resultsDir + "/" + file))
        }
    }

    /// `--precision` adds trials in batches of `--trials` until the headline medians are known
    /// within P, or `--max-trials`, which the report then says. P = 0.001 cannot be reached
    /// with a handful of trials, so the run stops at the cap.
    @Test func precisionAddsTrialsUpToMaxTrialsAndSaysSo() throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        let r = try cli.run(["compare", "--algos", "sgd,popsgd", "--task", "mean", "--nodes", "8", "--trials", "3",
                             "--budget", "2000", "--precision", "0.001", "--max-trials", "6", "--json", "--no-plots"])
        #expect(r.status == 0, "\(r.stderr)")
        let json = try report(r.stdout)
        let precision = try #require(json["precision"] as? [String: Any])
        #expect(precision["reached_max_trials"] as? Bool == true && precision["trials"] as? Int == 6)
        #expect(r.stderr.contains("precision: NOT reached"))
        let rows = try #require(json["rows"] as? [[String: Any]])
        #expect(rows.allSatisfy { $0["trials"] as? Int == 6 })
        for (option, value) in [("--precision", "2"), ("--metric", "median-node"), ("--max-trials", "1")] {
            let bad = try cli.run(["compare", "--algos", "sgd", "--trials", "3", option, value] + (option == "--max-trials" ? ["--precision", "0.1"] : []))
            #expect(bad.status == 2 && bad.stderr.contains(option), "\(option): \(bad.stderr)")
        }
    }

    @Test func jobsOneAndTwoWriteIdenticalTrials() throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        for jobs in ["1", "2"] {
            let r = try cli.run(["compare", "--algos", "sgd,popsgd", "--task", "mean", "--nodes", "8,16", "--trials", "4",
                                 "--budget", "200", "--jobs", jobs, "--run-id", "j\(jobs)", "--no-plots"])
            #expect(r.status == 0, "\(r.stderr)")
        }
        #expect(try cli.read("results/j1/trials.jsonl") == cli.read("results/j2/trials.jsonl"))
    }

    /// Kill a run part way (SIGKILL: no chance to tidy up), resume it, and get the summary of an
    /// uninterrupted run with the same seed.
    @Test func killedRunResumesToTheSameSummary() throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        let common = ["compare", "--algos", "sgd,popsgd", "--task", "mean", "--nodes", "32", "--trials", "30",
                      "--budget", "3000", "--jobs", "1", "--no-plots"]
        #expect(try cli.run(common + ["--run-id", "whole"]).status == 0)
        let p = try cli.start(common + ["--run-id", "cut"])
        let trials = cli.directory.appendingPathComponent("results/cut/trials.jsonl")
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            let lines = (try? String(contentsOf: trials, encoding: .utf8))?.split(separator: "\n").count ?? 0
            if lines >= 5 { break }
            Thread.sleep(forTimeInterval: 0.01)
        }
        kill(p.processIdentifier, SIGKILL)
        p.waitUntilExit()
        let partial = (try String(contentsOf: trials, encoding: .utf8)).split(separator: "\n").count
        #expect(partial >= 5 && partial < 60, "the kill came too late to test resuming: \(partial) lines")
        let resumed = try cli.run(["compare", "--resume", "cut", "--no-plots"])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(try cli.read("results/cut/summary.csv") == cli.read("results/whole/summary.csv"))
        #expect(try cli.read("results/cut/trials.jsonl") == cli.read("results/whole/trials.jsonl"))
    }

    @Test func listAndDescribeComeFromDeclarations() throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        let list = try cli.run(["list"])
        #expect(list.status == 0)
        for name in ["sgd", "popsgd", "epidemic", "mean"] { #expect(list.stdout.contains(name)) }
        let describe = try cli.run(["describe", "popsgd"])
        #expect(describe.status == 0 && describe.stdout.contains("reference:") && describe.stdout.contains("default"))
    }
}
