import Foundation
import PopBenchCore
import PopBenchMPI
import PopBenchPlot
import PopBenchSuite

/// The steps every trial-running command shares: validate everything, run, analyze, write
/// summary and plots, print. Each step is a library call; this only sequences them.
struct ExperimentExecution {
    var command: String
    var options: ExperimentOptions
    /// Population sizes when `--n` is not given (a task's own `defaultN` wins).
    var defaultSizes = "64"
    /// Only plugins of this family may run (`protocol` runs protocols only); nil: any.
    var family: PluginFamily?
    /// Parameter values set by `--vary` for this run (added to the `--name value` overrides).
    var variedOverrides: [String: String] = [:]
    /// Appended to the generated run id (one run per `--vary` value).
    var runIDSuffix = ""
    /// Print the report (false: `--vary --json`, which prints one combined object at the end).
    var printsReport = true

    /// The request of a fresh run.
    func request(plugins: [String], reference: String?) throws -> ExperimentBuilder.Request {
        let ordered = (reference.map { [$0] } ?? []) + plugins.filter { $0 != reference }
        var request = ExperimentBuilder.Request(
            plugins: ordered, task: options.task, sizes: try sizes(plugins: ordered),
            overrides: try options.overrides().merging(variedOverrides) { _, varied in varied },
            budget: options.budget, target: options.target)
        request.concurrentTrials = min(options.jobs ?? ProcessInfo.processInfo.activeProcessorCount, options.trials)
        return request
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
        try checkOptionsApply()
        // Every path is checked before anything is written.
        try OutputDirectory.check(resultsRoot, field: "--results-dir")
        if !options.noPlots { try OutputDirectory.check(plotsRoot, field: "--plots-dir") }
        var session = RunSession(registry: registry, resultsRoot: resultsRoot, jobs: options.jobs)

        let shard = try options.parsedShard()
        if shard != nil && options.resume != nil {
            throw UsageError("--shard: not allowed with --resume (a resumed run keeps the shard of its manifest)")
        }
        let store: ResultStore, records: [TrialRecord], spec: ExperimentSpec
        if let resumeID = options.resume {
            try ResumeCheck.refuseConflicts(options)
            let existing = try ResultStore.open(root: resultsRoot, runID: resumeID).readManifest().spec
            try ResumeCheck.checkSameCommand(existing, command: command, runID: resumeID,
                                             plugin: command == "protocol" ? plugins.first : nil)
            try checkFamily(existing.cells.map(\.task).first.map { try registry.task(named: $0) })
            if options.backend == "mpi" {
                session.executor = try Self.mpiLauncher(existing, ranks: options.ranks, runID: resumeID)
            }
            InterruptNotice.install("finish the run with: popbench \(command)\(command == "protocol" ? " " + (plugins.first ?? "") : "") --resume \(resumeID)")
            (store, records) = try session.resume(runID: resumeID)
            spec = try store.readManifest().spec
        } else {
            let request = try request(plugins: plugins, reference: reference)
            if let family {
                for name in request.plugins where try registry.plugin(named: name).descriptor.family != family {
                    throw UsageError("\(name): not a \(family.rawValue) plugin; popbench \(command) runs \(family.rawValue)s only (use popbench compare --algos \(name))")
                }
            }
            let (cells, task) = try ExperimentBuilder(registry: registry).cells(for: request)
            try checkFamily(task)
            try ResourceGuard.checkTrials(cells: cells.count, trials: options.trials)
            spec = ExperimentSpec(command: command, experiment: task.name, cells: cells, trials: options.trials,
                                  masterSeed: options.seed, keepSeries: task.primaryMetric != nil,
                                  referencePlugin: reference)
            let runID = options.runID ?? ResultStore.newRunID(command: command + runIDSuffix, root: resultsRoot)
            try ResultStore.checkCreatable(root: resultsRoot, runID: runID, force: options.force)
            try RunPlots.checkCreatable(root: plotsRoot, runID: runID, force: options.force)
            InterruptNotice.install("finish the run with: popbench \(command)\(command == "protocol" ? " " + (plugins.first ?? "") : "") --resume \(runID)"
                                    + (options.resultsDir == "results" ? "" : " --results-dir \(options.resultsDir)"))
            if options.backend == "mpi" { session.executor = try Self.mpiLauncher(spec, ranks: options.ranks, runID: runID) }
            (store, records) = try session.start(spec, arguments: CommandLine.arguments, runID: runID,
                                                 force: options.force, shard: shard)
        }
        if let runShard = try store.readManifest().shard {
            try ShardOutput(runID: store.runID, resultsDir: store.directory.path, shard: runShard.description,
                            trials: records.count, totalTrials: spec.totalTrials).print(json: options.json)
            return Report(command: command, runID: store.runID, resultsDir: store.directory.path)
        }
        var output = ReportOutput(options: options)
        output.printsReport = printsReport
        return try Self.report(store: store, spec: spec, records: records, output: output, session: session)
    }

    /// The MPI backend for `spec`, checked before any work: every algorithm has an MPI
    /// implementation, `--ranks` matches the nodes, mpirun is installed.
    static func mpiLauncher(_ spec: ExperimentSpec, ranks: Int?, runID: String) throws -> MPILauncher {
        try MPILauncher.validate(spec, ranks: ranks)
        let extra = ProcessInfo.processInfo.environment["POPBENCH_MPIRUN_ARGS"]?.split(separator: " ").map(String.init) ?? []
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("popbench-mpi-\(runID)-\(getpid())")
        return try MPILauncher(executable: Bundle.main.executablePath ?? CommandLine.arguments[0], scratch: scratch,
                               extraArguments: extra)
    }

    /// Analyzes a finished run, writes its summary, report and plots, and prints the report.
    @discardableResult
    static func report(store: ResultStore, spec: ExperimentSpec, records: [TrialRecord], output: ReportOutput,
                       session: RunSession) throws -> Report {
        let registry = CLI.registry
        let options = output
        let plotsRoot = URL(fileURLWithPath: options.plotsDir)

        let plotsDir = options.noPlots ? nil : plotsRoot.appendingPathComponent(store.runID)
        var analyzer = Analyzer(registry: registry, spec: spec)
        analyzer.clock = options.headlineClock
        analyzer.quality = options.quality
        var analysis = try analyzer.analyze(records, runID: store.runID, resultsDir: store.directory.path, plotsDir: plotsDir?.path)
        if let precision = options.precision {
            // DESIGN.md: add trials in batches of --trials until every headline median's CI
            // half-width is within P of it, or --max-trials.
            let maxTrials = options.maxTrials ?? 10 * options.trialsPerBatch
            var trials = spec.trials
            var width = PrecisionOutcome.relativeHalfWidth(Self.headlineRows(analysis))
            while width > precision && trials < maxTrials {
                trials = min(trials + options.trialsPerBatch, maxTrials)
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
        try session.complete(store)

        if options.printsReport {
            if options.json { try CLI.printJSON(analysis.report) } else { print(ReportFormatter.text(analysis.report)) }
        }
        if let p = analysis.report.precision {
            CLI.say(p.reachedMaxTrials
                    ? "precision: NOT reached: --max-trials \(p.maxTrials) stopped at relative half-width \(ReportFormatter.short(p.achieved)) > \(ReportFormatter.short(p.target))"
                    : "precision: every headline median within \(ReportFormatter.short(p.achieved)) <= \(ReportFormatter.short(p.target)) with \(p.trials) trials per cell",
                    json: options.json)
        }
        CLI.say("results: \(store.directory.path)" + (plotsDir.map { "\nplots:   \($0.path)" } ?? ""), json: options.json)
        return analysis.report
    }

    /// The sizes of `--n` (or the default) without repeats; a repeat gets a note on stderr.
    private func sizes(plugins: [String]) throws -> [Int] {
        var text = options.sizes ?? defaultSizes
        if options.sizes == nil, let first = plugins.first {
            let taskName = try options.task ?? CLI.registry.plugin(named: first).descriptor.tasks.first
            if let name = taskName, let n = (try? CLI.registry.task(named: name))?.defaultN { text = "\(n)" }
        }
        let (sizes, repeated) = NumberList.distinct(try NumberList.sizes(text, field: "--n"))
        if !repeated.isEmpty {
            FileHandle.standardError.write("popbench: note: --n lists \(repeated.map(String.init).joined(separator: ", ")) more than once; each size runs once\n".data(using: .utf8)!)
        }
        return sizes
    }

    /// Options that do nothing in this combination are refused, naming the option.
    private func checkOptionsApply() throws {
        if options.noPlots {
            if options.png { throw UsageError("--png: has no effect with --no-plots; drop one of them") }
            if CommandLineWords.given("--plots-dir") { throw UsageError("--plots-dir: has no effect with --no-plots; drop one of them") }
        }
    }

    /// Options of the optimization family that protocols have no use for.
    private func checkFamily(_ task: TaskDescriptor?) throws {
        guard let task, task.family == .protocol else { return }
        if CommandLineWords.given("--clock"), options.headlineClock != .parallel {
            throw UsageError("--clock: protocols are timed in parallel time only; allowed for task \(task.name): parallel")
        }
    }

    /// The rows `--precision` watches: time to target on the headline clock, or protocol time.
    static func headlineRows(_ analysis: Analyzer.Analysis) -> [ReportRow] {
        analysis.report.rows.filter {
            ($0.metric == "time_to_target" && $0.clock == analysis.clock.rawValue) || $0.metric == OutcomeName.time
        }
    }
}
