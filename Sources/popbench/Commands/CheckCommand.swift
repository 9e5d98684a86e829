import ArgumentParser
import Foundation
import PopBenchCore
import PopBenchSuite

/// `popbench check`: the regression suite against the committed baseline.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Run the regression suite and compare it with results/baseline.json.",
        discussion: """
        A metric regresses only when the change is significant (Mann-Whitney, alpha = 0.01), the \
        whole 95% CI of current/baseline lies beyond the larger of its tolerance and the noise of \
        the baseline compared with itself, and a re-run with more samples confirms it. Exact counts \
        at fixed seeds must match exactly; speeds are ratios to a calibration kernel timed in the \
        same run. Always writes results/<run-id>/verdict.json. Exit codes: 0 no regression, \
        1 regression, 2 bad input, 3 missing baseline.
        """)

    @Flag(help: "Fewer samples per metric (the CI setting).") var quick = false
    @Flag(help: "Write a new baseline (with its provenance) instead of comparing.") var update = false
    @Option(help: "Compare the stored check run RUN_ID with the baseline, running nothing.") var against: String?
    @Option(help: "Baseline file.") var baseline: String = "results/baseline.json"
    @Option(help: "How speed regressions count: fail or warn.") var speed: String = "fail"
    @Option(help: "Only metrics whose name contains one of these comma-separated words.") var only: String?
    @Option(help: "Master seed of the quality metrics.") var seed: UInt64 = 1
    @Option(help: "Worker threads (default: number of cores).") var jobs: Int?
    @Option(name: .customLong("run-id"), help: "Name of this check's run directory under results/.") var runID: String?
    @Option(name: .customLong("results-dir"), help: "Root of run results.") var resultsDir: String = "results"
    @Flag(help: "Print the verdict as one JSON object on stdout.") var json = false

    func validate() throws {
        guard ["fail", "warn"].contains(speed) else { throw ValidationError("--speed: '\(speed)' is not allowed; allowed: fail, warn") }
        if let j = jobs, j < 1 { throw ValidationError("--jobs: \(j) is not allowed; allowed: a whole number >= 1") }
        if update && against != nil { throw ValidationError("--update and --against cannot be combined") }
    }

    func run() throws {
        let root = URL(fileURLWithPath: resultsDir)
        let baselineURL = URL(fileURLWithPath: baseline)
        var runner = CheckRunner(context: CheckContext(registry: CLI.registry, jobs: jobs), quick: quick, seed: seed,
                                 speedFails: speed == "fail",
                                 only: only?.split(separator: ",").map(String.init) ?? [])
        if runner.metrics.isEmpty { throw UsageError("--only: no metric matches '\(only ?? "")'; metrics: \(CheckSuite.metrics.map(\.name).joined(separator: ", "))") }
        runner.onMetric = { name in FileHandle.standardError.write("check: \(name)\n".data(using: .utf8)!) }

        let baselineSamples: CheckSamples?
        if FileManager.default.fileExists(atPath: baselineURL.path) {
            baselineSamples = try CheckSamples.load(baselineURL)
        } else {
            baselineSamples = nil
            if !update {
                throw CommandFailure("no baseline at \(baselineURL.path); create one with `popbench check --update\(quick ? " --quick" : "")` and commit it", code: 3)
            }
        }
        if update, only != nil, let b = baselineSamples { try b.checkMergeable(quick: quick, seed: seed) }
        let id = runID ?? ResultStore.newRunID(command: "check", root: root)
        try ResultStore.checkCreatable(root: root, runID: id, force: false)

        let current: CheckSamples
        if let against {
            let url = root.appendingPathComponent(against).appendingPathComponent("check.json")
            guard FileManager.default.fileExists(atPath: url.path) else {
                throw UsageError("--against: no stored check run '\(against)' (expected \(url.path))")
            }
            current = try CheckSamples.load(url)
        } else {
            current = try runner.measure(arguments: CommandLine.arguments)
        }
        let store = try ResultStore.create(root: root, runID: id, force: false)
        if against == nil { try current.write(to: store.directory.appendingPathComponent("check.json")) }

        if update {
            // With --only, the other metrics of an existing baseline are kept.
            let written = try only != nil ? baselineSamples.map { try $0.merging(current) } ?? current : current
            try written.write(to: baselineURL)
            CLI.say("baseline written: \(baselineURL.path) (\(written.metrics.count) metrics, \(current.metrics.count) measured, run \(id))", json: json)
            if json { try CLI.printJSON(written) }
            return
        }
        let decisions = try runner.compare(current: current, baseline: baselineSamples!, rerun: against == nil)
        let verdict = CheckVerdict(runID: id, baseline: baselineURL.path, against: against, quick: quick, decisions: decisions)
        try JSON.prettyEncoder().encode(verdict).write(to: store.directory.appendingPathComponent("verdict.json"), options: .atomic)
        if json { try CLI.printJSON(verdict) } else { print(verdict.table) }
        for line in verdict.warningLines { CLI.say(line, json: json) }
        CLI.say("verdict: \(store.directory.appendingPathComponent("verdict.json").path) -> "
                + (verdict.exitCode == 0 ? "no regression" : "REGRESSION in \(verdict.regressions.joined(separator: ", "))"), json: json)
        if verdict.exitCode != 0 { throw ExitCode(verdict.exitCode) }
    }
}
