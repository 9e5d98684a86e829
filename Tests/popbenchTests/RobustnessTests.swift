import Foundation
import Testing
import PopBenchTestSupport

/// Inputs that crashed, hung or were silently ignored: each is refused before any work with one
/// line naming the option (exit 2, nothing written), or acts.
@Suite struct RobustnessTests {
    @Test func resourceGuardsRefuseWhatCannotFit() throws {
        try expectUsageError(["compare", "--algos", "sgd,popsgd", "--task", "mean", "--nodes", "1e9"], mentions: "of memory")
        try expectUsageError(["compare", "--algos", "sgd,popsgd", "--task", "mean", "--d", "1e7", "--nodes", "1000"], mentions: "--d")
        try expectUsageError(["compare", "--algos", "sgd", "--task", "linreg", "--d", "10000", "--samples", "1e7"], mentions: "--samples")
        try expectUsageError(["compare", "--algos", "sgd,popsgd", "--task", "mean", "--trials", "1000000000000"], mentions: "--trials")
        try expectUsageError(["protocol", "am3", "--n", "1e12", "--engine", "agent"], mentions: "--engine batch")
        try expectUsageError(["compare", "--algos", "sgd,popsgd", "--task", "mean", "--budget", "1e300"], mentions: "--budget")
        try expectUsageError(["protocol", "epidemic", "--n", "1e18"], mentions: "n <= 1e14")
        try expectUsageError(["compare", "--algos", "epidemic", "--n", "2..10000000+1"], mentions: "at most 1000")
    }

    @Test func optionsThatDoNotApplyAreRefused() throws {
        try expectUsageError(["protocol", "am3", "--gap", "0"], mentions: "--gap")
        try expectUsageError(["protocol", "em4", "--gap", "0"], mentions: "--gap")
        try expectUsageError(["compare", "--algos", "sgd,popsgd", "--task", "mean", "--target=-1"], mentions: "--target")
        try expectUsageError(["compare", "--algos", "sgd,popsgd", "--task", "mean", "--target", "0"], mentions: "--target")
        try expectUsageError(["protocol", "am3", "--target", "5"], mentions: "--target")
        try expectUsageError(["protocol", "am3", "--clock", "wall"], mentions: "--clock")
        try expectUsageError(["protocol", "sgd"], mentions: "protocols only")
        let overflow = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("fuzz/regressions/initial-overflow.yaml").path
        try expectUsageError(["protocol", overflow], mentions: "more than n")
        try expectUsageError(["compare", "--algos", "epidemic", "--png", "--no-plots"], mentions: "--png")
    }

    @Test func fileErrorsNameThePathAndWriteNothing() throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        try Data("x".utf8).write(to: cli.directory.appendingPathComponent("afile"))
        for (flag, path) in [("--results-dir", "afile"), ("--plots-dir", "afile"), ("--results-dir", "afile/sub")] {
            let r = try cli.run(["compare", "--algos", "epidemic", "--n", "50", "--trials", "1", flag, path])
            #expect(r.status == 2 && r.stderr.contains(flag) && r.stderr.contains("afile"), "\(flag) \(path): \(r.stderr)")
            #expect(cli.entries("results").isEmpty && cli.entries("plots").isEmpty)
        }
    }

    @Test func resumeRefusesConflictsAndOtherCommandsRuns() throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        #expect(try cli.run(["compare", "--algos", "epidemic", "--n", "50", "--trials", "2", "--run-id", "r", "--no-plots"]).status == 0)
        let before = try cli.read("results/r/trials.jsonl")
        for args in [["compare", "--resume", "r", "--trials", "5"], ["compare", "--resume", "r", "--algos", "am3"],
                     ["protocol", "am3", "--resume", "r"], ["sweep", "--resume", "r"]] {
            let r = try cli.run(args + ["--no-plots"])
            #expect(r.status == 2, "\(args): \(r.status) \(r.stderr)")
            #expect(r.stderr.split(separator: "\n").count == 1, "\(args): \(r.stderr)")
        }
        #expect(try cli.read("results/r/trials.jsonl") == before)
    }

    /// A kill in the middle of a write leaves a partial last line; resuming truncates it
    /// before appending, so every line of the finished file is a whole record.
    @Test func tornLastLineIsRepairedBeforeAppending() throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        let args = ["compare", "--algos", "epidemic", "--n", "50", "--trials", "4", "--no-plots", "--jobs", "1"]
        #expect(try cli.run(args + ["--run-id", "whole"]).status == 0)
        #expect(try cli.run(args + ["--run-id", "torn"]).status == 0)
        // Keep two records and half of the third, as a kill mid-write would.
        let lines = String(decoding: try cli.read("results/torn/trials.jsonl"), as: UTF8.self).split(separator: "\n")
        let torn = lines[0] + "\n" + lines[1] + "\n" + lines[2].prefix(lines[2].count / 2)
        try Data(torn.utf8).write(to: cli.directory.appendingPathComponent("results/torn/trials.jsonl"))
        let r = try cli.run(["compare", "--resume", "torn", "--no-plots"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try cli.read("results/torn/trials.jsonl") == cli.read("results/whole/trials.jsonl"))
    }

    @Test func manifestIsCompleteOnlyWithItsOutputsAndNamesPopbenchsCommit() throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        #expect(try cli.run(["compare", "--algos", "epidemic", "--n", "50", "--trials", "2", "--run-id", "m"]).status == 0)
        let manifest = try JSONSerialization.jsonObject(with: try cli.read("results/m/manifest.json")) as? [String: Any]
        #expect(manifest?["status"] as? String == "complete")
        #expect(manifest?["endTime"] != nil)
        #expect(!cli.entries("results/m").filter { $0 == "summary.csv" || $0 == "report.json" }.isEmpty)
        // The scratch directory is no git checkout: a commit, if any, is popbench's own.
        if let commit = manifest?["gitCommit"] as? String {
            #expect(commit.count == 40)
        }
    }

    @Test func duplicateSizesRunOnceWithANote() throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        let r = try cli.run(["compare", "--algos", "epidemic", "--n", "50,50,60", "--trials", "1", "--no-plots", "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("note: --n lists 50 more than once"))
        let csv = String(decoding: try cli.read("results/" + cli.entries("results")[0] + "/summary.csv"), as: UTF8.self)
        #expect(csv.split(separator: "\n").filter { $0.hasPrefix("epidemic,broadcast,50,time,") }.count == 1, "\(csv)")
    }

    @Test func oneTrialPrintsNoNaNInterval() throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        let r = try cli.run(["compare", "--algos", "epidemic", "--n", "50", "--trials", "1", "--no-plots"])
        #expect(r.status == 0 && !r.stdout.contains("nan"), "\(r.stdout)")
    }

    @Test func figuresRefuseToOverwriteWithoutForce() throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        try FileManager.default.createDirectory(at: cli.directory.appendingPathComponent("figs"), withIntermediateDirectories: true)
        try Data("F6: old\n".utf8).write(to: cli.directory.appendingPathComponent("figs/F6.caption.txt"))
        let r = try cli.run(["figures", "--only", "F6", "--out", "figs"])
        #expect(r.status == 2 && r.stderr.contains("--force"), "\(r.stderr)")
        #expect(cli.entries("figs") == ["F6.caption.txt"])
    }
}
