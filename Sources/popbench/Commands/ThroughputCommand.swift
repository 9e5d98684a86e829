import ArgumentParser
import Foundation
import PopBenchCore
import PopBenchPlot
import PopBenchSuite

/// `popbench throughput`: simulated samples/s per algorithm and n under the cost model.
struct ThroughputCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "throughput",
        abstract: "Simulated samples per second of each algorithm at each number of nodes, under the cost model.",
        discussion: """
        Runs every algorithm for --budget units of parallel time and divides the gradients it \
        evaluated by the simulated wall clock (compute time per gradient, latency alpha, bandwidth \
        beta, model size M; ring all-reduce 2(n-1)alpha + 2((n-1)/n)M/beta, pairwise exchange \
        alpha + M/beta). Prints samples/s with a 95% CI over --trials seeds, the ideal n / \
        compute-time and the efficiency; writes plots/<run-id>/throughput-vs-n.

        Examples:
          popbench throughput --nodes 16,32,64
          popbench throughput --network aries --model-size 46.8e6 --compute-time 0.1
          popbench throughput --latency 1e-3 --model-size 1e8 --compute lognormal --json
        """)

    @Option(help: "Comma-separated algorithms.") var algos: String = Throughput.Request.defaultPlugins.joined(separator: ",")
    /// `--nodes`/`--n` (default 16,32,64), `--trials` (default 5), `--seed`, `--run-id`, `--json`.
    @OptionGroup var common: CommonOptions
    @Option(help: "Task (its dimension d sets the default model size 4d bytes).") var task: String = "linreg"
    @Option(help: "Network preset (\(NetworkOverrides.presetNames.joined(separator: ", "))) or profile file (JSON/YAML); default 10gbe.")
    var network: String?
    @Option(help: "alpha: message latency in seconds (default: the network's).") var latency: String?
    @Option(help: "beta: bandwidth in bytes per second (default: the network's).") var bandwidth: String?
    @Option(name: .customLong("model-size"), help: "M: bytes per model on the wire (default: 4d).") var modelSize: String?
    @Option(help: "Compute-time distribution: constant or lognormal (heavy straggler tail).") var compute: String?
    @Option(name: .customLong("compute-time"), help: "Mean seconds per gradient (default: 1e-3).") var computeTime: String?
    @Option(name: .customLong("straggler-sigma"), help: "Log-sd of the lognormal compute noise (default: 1.5).") var stragglerSigma: String?
    @Option(name: .customLong("straggler-fraction"), help: "Fraction of persistently slow nodes (default: 0).") var stragglerFraction: String?
    @Option(name: .customLong("straggler-factor"), help: "Slowdown of a persistent straggler (default: 2).") var stragglerFactor: String?
    @Option(help: "All-reduce of psgd and localsgd: ring or tree (default: ring).") var allreduce: String?
    @Option(help: "PopSGD averaging: one-sided (default: the deployed reference code) or symmetric (the analyzed rule).") var averaging: String?
    @Option(help: "SGP: true for OSGP (communication overlapped with computation).") var overlap: String?
    @Option(help: "Parallel time simulated per trial.") var budget: Double = 100
    @Flag(help: "Overwrite existing plots with the same --run-id.") var force = false
    @Flag(help: "Render plots as PNG instead of SVG.") var png = false
    @Flag(name: .customLong("no-plots"), help: "Write no plots.") var noPlots = false
    @Option(name: .customLong("plots-dir"), help: "Root of plot outputs.") var plotsDir: String = "plots"

    func run() throws {
        var overrides: [String: String] = [:]
        for (name, value) in [("latency", latency), ("bandwidth", bandwidth), ("model-bytes", modelSize), ("compute", compute),
                              ("compute-time", computeTime), ("straggler-sigma", stragglerSigma),
                              ("straggler-fraction", stragglerFraction), ("straggler-factor", stragglerFactor),
                              ("allreduce", allreduce), ("averaging", averaging), ("overlap", overlap), ("network", network)] {
            if let value { overrides[name] = value }
        }
        overrides = try NetworkOverrides.expand(overrides)
        let request = Throughput.Request(
            plugins: algos.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) },
            nodes: try common.sizes(default: "16,32,64"), task: task, budget: budget, trials: common.trials(default: 5),
            overrides: overrides, seed: common.seed)
        try Throughput.validate(request)
        let root = URL(fileURLWithPath: plotsDir)
        let json = common.json
        let id = common.runID ?? ResultStore.newRunID(command: "throughput", root: root)
        if !noPlots { try RunPlots.checkCreatable(root: root, runID: id, force: force) }

        var report = Throughput.Report(request: request, rows: try Throughput.run(request))
        if !noPlots {
            let dir = root.appendingPathComponent(id)
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            let files = try PlotWriter(render: Gnuplot.isAvailable ? (png ? .png : .svg) : nil)
                .write(ThroughputFigure.figure(report), to: dir)
            report.plots = [(files.image ?? files.script).path]
            report.plotsDir = dir.path
        }
        if json {
            try CLI.printJSON(report)
        } else {
            print(Throughput.text(report.rows))
        }
        if let dir = report.plotsDir { CLI.say("plots: \(dir)", json: json) }
    }
}
