import Foundation
import PopBenchCore
import PopBenchPlot
import PopBenchSuite

/// The steps every trial-running command shares: validate everything, run, analyze, write
/// summary and plots, print. Each step is a library call; this only sequences them.
struct ExperimentExecution {
    var command: String
    var options: ExperimentOptions
    /// Population sizes when `--n` is not given.
    var defaultSizes = "64"
    /// Parameter values set by `--vary` for this run (added to the `--name value` overrides).
    var variedOverrides: [String: String] = [:]
    /// Appended to the generated run id (one run per `--vary` value).
    var runIDSuffix = ""
    /// Print the report (false: `--vary --json`, which prints one combined object at the end).
    var printsReport = true

    /// The request of a fresh run.
    func request(plugins: [String], reference: String?) throws -> ExperimentBuilder.Request {
        ExperimentBuilder.Request(
            plugins: (reference.map { [$0] } ?? []) + plugins.filter { $0 != reference }, task: options.task,
            sizes: try NumberList.sizes(options.sizes ?? defaultSizes, field: "--n"),
            overrides: try options.overrides().merging(variedOverrides) { _, varied in varied },
            budget: options.budget, target: options.target)
    }

    /// `--vary NAME=LIST`: every value's cells are validated before any work, then one run per
    /// value, then time against the parameter with its fits (`ParameterVariation`).
    func runVaried(plugins: [String], reference: String? = nil, vary: String) throws {
        let (name, values) = try ParameterVariation.parse(vary)
        if try options.overrides()[name] != nil { throw UsageError("--vary: --\(name) is also given on its own; give its values in --vary only") }
        if options.resume != nil || options.runID != nil { throw UsageError("--vary: not allowed with --resume or --run-id (one run per value gets its own id)") }
        var runs: [ExperimentExecution] = []
        for v in values {
            var e = self
            e.variedOverrides = [name: "\(v)"]
            e.runIDSuffix = "-\(name)-\(v)"
            e.printsReport = !options.json
            _ = try ExperimentBuilder(registry: CLI.registry).cells(for: e.request(plugins: plugins, reference: reference))
            runs.append(e)
        }
        let reports = try runs.map { try $0.run(plugins: plugins, reference: reference) }
        let variation = ParameterVariation(parameter: name, values: values, reports: reports)
        if options.json {
            try CLI.printJSON(VariedOutput(command: command, vary: variation))
        } else {
            print(variation.text)
        }
    }

    /// The one JSON object of a `--vary` run.
    struct VariedOutput: Encodable {
        var command: String
        var vary: ParameterVariation
    }

    /// Runs `plugins`; `reference` (sweep's sequential SGD) is run first as the baseline and
    /// drawn as a reference line.
    @discardableResult
    func run(plugins: [String], reference: String? = nil) throws -> Report {
        let registry = CLI.registry
        let resultsRoot = URL(fileURLWithPath: options.resultsDir)
        let plotsRoot = URL(fileURLWithPath: options.plotsDir)
        let session = RunSession(registry: registry, resultsRoot: resultsRoot, jobs: options.jobs)

        let store: ResultStore, records: [TrialRecord], spec: ExperimentSpec
        if let resumeID = options.resume {
            (store, records) = try session.resume(runID: resumeID)
            spec = try store.readManifest().spec
        } else {
            let (cells, task) = try ExperimentBuilder(registry: registry).cells(for: request(plugins: plugins, reference: reference))
            spec = ExperimentSpec(command: command, experiment: task.name, cells: cells, trials: options.trials,
                                  masterSeed: options.seed, keepSeries: task.primaryMetric != nil,
                                  referencePlugin: reference)
            let runID = options.runID ?? ResultStore.newRunID(command: command + runIDSuffix, root: resultsRoot)
            try ResultStore.checkCreatable(root: resultsRoot, runID: runID, force: options.force)
            try RunPlots.checkCreatable(root: plotsRoot, runID: runID, force: options.force)
            (store, records) = try session.start(spec, arguments: CommandLine.arguments, runID: runID, force: options.force)
        }

        let plotsDir = options.noPlots ? nil : plotsRoot.appendingPathComponent(store.runID)
        var analyzer = Analyzer(registry: registry, spec: spec)
        analyzer.clock = options.headlineClock
        var analysis = try analyzer.analyze(records, runID: store.runID, resultsDir: store.directory.path, plotsDir: plotsDir?.path)
        if let plotsDir {
            analysis.report.plots = try RunPlots.write(analysis, to: plotsDir, png: options.png)
        }
        try store.write(text: ReportFormatter.csv(analysis.report), to: "summary.csv")
        try JSON.prettyEncoder().encode(analysis.report).write(to: store.reportURL, options: .atomic)

        if printsReport {
            if options.json { try CLI.printJSON(analysis.report) } else { print(ReportFormatter.text(analysis.report)) }
        }
        CLI.say("results: \(store.directory.path)" + (plotsDir.map { "\nplots:   \($0.path)" } ?? ""), json: options.json)
        return analysis.report
    }
}
