import ArgumentParser
import Foundation
import PopBenchCore
import PopBenchSuite

/// `popbench report RUN...`: (re)builds each run's `report.html` from its stored report, plots
/// and manifest; `--history` draws a series of `check` runs' metrics across commits.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write a run's HTML report (results/<run>/report.html), or the history of check runs.",
        discussion: """
        Each RUN is a run id under --results-dir; its report.html (verdict, tables, figures inline \
        as SVG, fits, manifest, the command that reproduces it) is rebuilt from report.json, the \
        plots and the manifest, so it runs nothing. With --history, the RUNs are check runs (all of \
        them when none is given): one page draws each metric across the runs' commits with its \
        threshold, written to --out.
        """)

    @Argument(help: "Run ids under --results-dir (with --history: check runs; default all).") var runs: [String] = []
    @Flag(help: "Draw the metrics of a series of check runs across commits, with their thresholds.") var history = false
    @Option(help: "With --history: the page to write.") var out: String = "results/history.html"
    @Option(name: .customLong("results-dir"), help: "Root of run results.") var resultsDir: String = "results"
    @Flag(help: "Print one JSON object on stdout (the pages written); human text goes to stderr.") var json = false

    func validate() throws {
        if !history && runs.isEmpty { throw ValidationError("RUN: missing; give one or more run ids under \(resultsDir)/ (or --history)") }
        if !history && CommandLineWords.given("--out") { throw ValidationError("--out: only allowed with --history (a run's page is results/<run>/report.html)") }
    }

    struct Output: Encodable {
        var command = "report"
        var pages: [String]
    }

    func run() throws {
        let root = URL(fileURLWithPath: resultsDir)
        var pages: [String] = []
        if history {
            let series = try CheckHistory.load(root: root, runIDs: runs)
            let url = URL(fileURLWithPath: out)
            try OutputDirectory.check(url.deletingLastPathComponent(), field: "--out")
            try Data(series.html().utf8).write(to: url, options: .atomic)
            pages.append(out)
        } else {
            // Every run is read before any page is written.
            let reports = try runs.map { id -> (ResultStore, RunHTMLReport) in
                let manifest = root.appendingPathComponent(id).appendingPathComponent("manifest.json")
                guard FileManager.default.fileExists(atPath: manifest.path) else {
                    throw UsageError("RUN: no run '\(id)' under \(root.path) (expected \(manifest.path))")
                }
                let store = try ResultStore.open(root: root, runID: id)
                return (store, try RunHTMLReport.load(store: store))
            }
            // Paths as the user gave the root (results/RUN/report.html), not resolved.
            for (id, (store, report)) in zip(runs, reports) {
                try report.write(to: store)
                pages.append((resultsDir as NSString).appendingPathComponent(id) + "/" + RunHTMLReport.fileName)
            }
        }
        if json { try CLI.printJSON(Output(pages: pages)) } else { pages.forEach { print("report: \($0)") } }
    }
}
