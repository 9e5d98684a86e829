import ArgumentParser
import Foundation
import PopBenchCore
import PopBenchPlot

/// `popbench merge RUN...`: joins the shard runs of one experiment into one run, then reports it
/// exactly as the unsharded command would (same trials.jsonl, summary, report and plots).
struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Merge the shard runs (--shard K/N, K = 1..N) of one experiment into one run.",
        discussion: """
        Checks that the runs are the N finished shards of one command line, writes results/<run-id>/ \
        with every trial in canonical order (the bytes of the unsharded run's trials.jsonl), then the \
        summary, report and plots as compare/sweep would.
        """)

    @Argument(help: "The shard run ids (directories under --results-dir).") var runs: [String] = []
    @Option(name: .customLong("run-id"), help: "Name of the merged run (default: merge-<UTC time>).") var runID: String?
    @Flag(help: "Overwrite an existing run with the same --run-id.") var force = false
    @Option(help: "Clock of the headline time to target, fits and plot: node-steps, grads, parallel, wall or bytes (comparisons cover every clock).")
    var clock: Clock = .nodeSteps
    @Option(help: "Which model's metric decides time to target: avg, nodes-mean or nodes-worst.")
    var metric: String = Quality.nodesMean.rawValue
    @Flag(help: "Print one JSON object on stdout; human text goes to stderr.") var json = false
    @Flag(help: "Render plots as PNG instead of SVG.") var png = false
    @Flag(name: .customLong("no-plots"), help: "Write no plots.") var noPlots = false
    @Option(name: .customLong("results-dir"), help: "Root of run results.") var resultsDir: String = "results"
    @Option(name: .customLong("plots-dir"), help: "Root of plot outputs.") var plotsDir: String = "plots"

    func validate() throws {
        if Quality(rawValue: metric).map({ Quality.targetChoices.contains($0) }) != true {
            throw ValidationError("--metric: '\(metric)' is not allowed; allowed: \(Quality.targetChoices.map(\.rawValue).joined(separator: ", "))")
        }
    }

    func run() throws {
        let resultsRoot = URL(fileURLWithPath: resultsDir)
        let collected = try ShardMerge.collect(root: resultsRoot, runIDs: runs)
        let id = runID ?? ResultStore.newRunID(command: "merge", root: resultsRoot)
        try ResultStore.checkCreatable(root: resultsRoot, runID: id, force: force)
        try RunPlots.checkCreatable(root: URL(fileURLWithPath: plotsDir), runID: id, force: force)
        let store = try ShardMerge.write(collected, root: resultsRoot, runID: id, force: force,
                                         arguments: CommandLine.arguments)
        var output = ReportOutput(headlineClock: clock, plotsDir: plotsDir,
                                  noPlots: noPlots, png: png, json: json)
        output.quality = Quality(rawValue: metric) ?? .nodesMean
        let session = RunSession(registry: CLI.registry, resultsRoot: resultsRoot, jobs: nil)
        try CommandRun.report(store: store, spec: collected.spec, records: collected.records, output: output,
                                       session: session)
    }
}
