import Foundation
import PopBenchCore
import PopBenchPlot

/// The steps every trial-running command shares: validate everything, run, analyze, write
/// summary and plots, print. Each step is a library call; this only sequences them.
struct ExperimentExecution {
    var command: String
    var options: ExperimentOptions
    /// Population sizes when `--n` is not given.
    var defaultSizes = "64"

    /// Runs `plugins`; `reference` (sweep's sequential SGD) is run first as the baseline and
    /// drawn as a reference line.
    func run(plugins: [String], reference: String? = nil) throws {
        let registry = CLI.registry
        let resultsRoot = URL(fileURLWithPath: options.resultsDir)
        let plotsRoot = URL(fileURLWithPath: options.plotsDir)
        let session = RunSession(registry: registry, resultsRoot: resultsRoot, jobs: options.jobs)

        let store: ResultStore, records: [TrialRecord], spec: ExperimentSpec
        if let resumeID = options.resume {
            (store, records) = try session.resume(runID: resumeID)
            spec = try store.readManifest().spec
        } else {
            let request = ExperimentBuilder.Request(
                plugins: (reference.map { [$0] } ?? []) + plugins.filter { $0 != reference }, task: options.task,
                sizes: try NumberList.sizes(options.sizes ?? defaultSizes, field: "--n"),
                overrides: try options.overrides(), budget: options.budget, target: options.target)
            let (cells, task) = try ExperimentBuilder(registry: registry).cells(for: request)
            spec = ExperimentSpec(command: command, experiment: task.name, cells: cells, trials: options.trials,
                                  masterSeed: options.seed, keepSeries: task.primaryMetric != nil,
                                  referencePlugin: reference)
            let runID = options.runID ?? ResultStore.newRunID(command: command, root: resultsRoot)
            try ResultStore.checkCreatable(root: resultsRoot, runID: runID, force: options.force)
            try RunPlots.checkCreatable(root: plotsRoot, runID: runID, force: options.force)
            (store, records) = try session.start(spec, arguments: CommandLine.arguments, runID: runID, force: options.force)
        }

        let plotsDir = options.noPlots ? nil : plotsRoot.appendingPathComponent(store.runID)
        var analyzer = Analyzer(registry: registry, spec: spec)
        analyzer.clock = options.headlineClock
        analyzer.quality = options.quality
        var analysis = try analyzer.analyze(records, runID: store.runID, resultsDir: store.directory.path, plotsDir: plotsDir?.path)
        if let precision = options.precision {
            // DESIGN.md: add trials in batches of --trials until every headline median's CI
            // half-width is within P of it, or --max-trials.
            let maxTrials = options.maxTrials ?? 10 * options.trials
            var trials = spec.trials
            var width = PrecisionOutcome.relativeHalfWidth(Self.headlineRows(analysis))
            while width > precision && trials < maxTrials {
                trials = min(trials + options.trials, maxTrials)
                CLI.say("precision: half-width \(ReportFormatter.short(width)) > \(ReportFormatter.short(precision)); running up to \(trials) trials per cell", json: true)
                let (_, more) = try session.extend(runID: store.runID, trials: trials)
                analyzer = Analyzer(registry: registry, spec: try store.readManifest().spec)
                analyzer.clock = options.headlineClock
                analyzer.quality = options.quality
                analysis = try analyzer.analyze(more, runID: store.runID, resultsDir: store.directory.path, plotsDir: plotsDir?.path)
                width = PrecisionOutcome.relativeHalfWidth(Self.headlineRows(analysis))
            }
            analysis.report.precision = PrecisionOutcome(target: precision, achieved: width, trials: trials,
                                                         maxTrials: maxTrials, reachedMaxTrials: width > precision)
        }
        if let plotsDir {
            analysis.report.plots = try RunPlots.write(analysis, to: plotsDir, png: options.png)
        }
        try store.write(text: ReportFormatter.csv(analysis.report), to: "summary.csv")
        try JSON.prettyEncoder().encode(analysis.report).write(to: store.reportURL, options: .atomic)

        if options.json {
            try CLI.printJSON(analysis.report)
        } else {
            print(ReportFormatter.text(analysis.report))
        }
        if let p = analysis.report.precision {
            CLI.say(p.reachedMaxTrials
                    ? "precision: NOT reached: --max-trials \(p.maxTrials) stopped at relative half-width \(ReportFormatter.short(p.achieved)) > \(ReportFormatter.short(p.target))"
                    : "precision: every headline median within \(ReportFormatter.short(p.achieved)) <= \(ReportFormatter.short(p.target)) with \(p.trials) trials per cell",
                    json: options.json)
        }
        CLI.say("results: \(store.directory.path)" + (plotsDir.map { "\nplots:   \($0.path)" } ?? ""), json: options.json)
    }

    /// The rows `--precision` watches: time to target on the headline clock, or protocol time.
    static func headlineRows(_ analysis: Analyzer.Analysis) -> [ReportRow] {
        analysis.report.rows.filter {
            ($0.metric == "time_to_target" && $0.clock == analysis.clock.rawValue) || $0.metric == OutcomeName.time
        }
    }
}
