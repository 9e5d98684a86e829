import Foundation
import PopBenchCore
import PopBenchMPI
import PopBenchPlot
import PopBenchSuite

/// The steps every trial-running command shares: validate everything, run, analyze, write
/// summary and plots, print. Each step is a library call; this only sequences them.
struct CommandRun {
    var command: String
    var options: ExperimentOptions
    /// `--clock`, `--metric`, `--backend`: the optimization-only options (defaults for `protocol`).
    var sgd = OptimizationOptions.defaults()
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

    /// The study request of a fresh run (the reference, when given, runs first).
    func request(plugins: [String], reference: String?) throws -> StudyRequest {
        let ordered = (reference.map { [$0] } ?? []) + plugins.filter { $0 != reference }
        var request = StudyRequest(
            command: command, plugins: plugins, reference: reference, task: options.task,
            sizes: [],
            overrides: try options.overrides().merging(variedOverrides) { _, varied in varied },
            budget: options.budget, target: options.target, trials: options.trials, seed: options.seed)
        (request.sizes, request.realSizes) = try sizes(plugins: ordered)
        request.concurrentTrials = min(options.jobs ?? ProcessInfo.processInfo.activeProcessorCount, options.trials)
        return request
    }

    /// Runs the comma-separated `--algos` (required unless resuming), once or once per `--vary`
    /// value; `reference` (sweep's sequential SGD) runs first in each.
    func run(algos: String?, reference: String? = nil, vary: String?) throws {
        let names = algos?.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) } ?? []
        if names.isEmpty && options.resume == nil {
            throw UsageError("--algos: missing; known: \(CLI.registry.pluginNames.joined(separator: ", "))")
        }
        if let vary { try runVaried(plugins: names, reference: reference, vary: vary) } else { try run(plugins: names, reference: reference) }
    }

    /// `--vary NAME=LIST`: every value's cells are validated before any work, then one run per
    /// value, then time against the parameter with its fits (`ParameterVariation`).
    func runVaried(plugins: [String], reference: String? = nil, vary: String) throws {
        let (name, values) = try ParameterVariation.parse(vary)
        if try options.overrides()[name] != nil { throw UsageError("--vary: --\(name) is also given on its own; give its values in --vary only") }
        if options.resume != nil || options.runID != nil { throw UsageError("--vary: not allowed with --resume or --run-id (one run per value gets its own id)") }
        var runs: [CommandRun] = []
        for v in values {
            var e = self
            e.variedOverrides = [name: "\(v)"]
            e.runIDSuffix = "-\(name)-\(v)"
            e.printsReport = !options.json
            _ = try Study(registry: CLI.registry).plan(e.request(plugins: plugins, reference: reference))
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
    /// drawn as a reference line. The run itself is `RunOrchestrator`'s; this parses, sequences
    /// and prints.
    @discardableResult
    func run(plugins: [String], reference: String? = nil) throws -> Report {
        try checkOptionsApply()
        if family == .protocol { try refuseOptimizationOptions() }
        let shard = try options.parsedShard()
        if shard != nil && options.resume != nil {
            throw UsageError("--shard: not allowed with --resume (a resumed run keeps the shard of its manifest)")
        }
        var orchestrator = RunOrchestrator(command: command, resultsRoot: URL(fileURLWithPath: options.resultsDir),
                                           plotsRoot: options.noPlots ? nil : URL(fileURLWithPath: options.plotsDir))
        orchestrator.registry = CLI.registry
        orchestrator.jobs = options.jobs
        orchestrator.force = options.force
        orchestrator.family = family
        if sgd.backend == "mpi" { orchestrator.backend = .mpi(ranks: sgd.ranks, schedule: sgd.mpiSchedule) }
        orchestrator.checkTask = { try checkFamily($0) }
        let protocolName = command == "protocol" ? " " + (plugins.first ?? "") : ""
        let outcome: RunOrchestrator.Outcome
        if let resumeID = options.resume {
            try ResumeCheck.refuseConflicts(options)
            orchestrator.onStart = { InterruptNotice.install("finish the run with: popbench \(command)\(protocolName) --resume \($0)") }
            outcome = try orchestrator.resume(runID: resumeID, plugin: command == "protocol" ? plugins.first : nil)
        } else {
            orchestrator.onStart = {
                InterruptNotice.install("finish the run with: popbench \(command)\(protocolName) --resume \($0)"
                                        + (options.resultsDir == "results" ? "" : " --results-dir \(options.resultsDir)"))
            }
            outcome = try orchestrator.fresh(try request(plugins: plugins, reference: reference), runID: options.runID,
                                             suffix: runIDSuffix, shard: shard)
        }
        let (store, spec, records) = (outcome.store, outcome.spec, outcome.records)
        if let runShard = try store.readManifest().shard {
            try ShardOutput(runID: store.runID, resultsDir: store.directory.path, shard: runShard.description,
                            trials: records.count, totalTrials: spec.totalTrials).print(json: options.json)
            return Report(command: command, runID: store.runID, resultsDir: store.directory.path)
        }
        var output = ReportOutput(options: options, sgd: sgd)
        output.printsReport = printsReport
        let report = try Self.report(store: store, spec: spec, records: records, output: output, session: outcome.session)
        for line in StragglerFindings.lines(report, spec: spec, clock: sgd.headlineClock) { CLI.say(line, json: options.json) }
        if sgd.headlineClock == .wall, sgd.backend != "mpi", options.resume == nil {
            CLI.say(CalibrationProfile.wallClockProvenance(try options.rawOverrides().merging(variedOverrides) { _, v in v }),
                    json: options.json)
        }
        return report
    }

    /// Analyzes a finished run, writes its summary, report and plots (`RunReporter`), and prints
    /// the report.
    @discardableResult
    static func report(store: ResultStore, spec: ExperimentSpec, records: [TrialRecord], output: ReportOutput,
                       session: RunSession) throws -> Report {
        var reporter = RunReporter(registry: CLI.registry)
        reporter.clock = output.headlineClock
        reporter.quality = output.quality
        reporter.plotsRoot = output.noPlots ? nil : URL(fileURLWithPath: output.plotsDir)
        reporter.png = output.png
        reporter.precision = output.precision
        reporter.maxTrials = output.maxTrials
        reporter.trialsPerBatch = output.trialsPerBatch
        reporter.log = { CLI.say($0, json: true) }
        let report = try reporter.finish(store: store, spec: spec, records: records, session: session).report

        if output.printsReport {
            if output.json { try CLI.printJSON(report) } else { print(ReportFormatter.text(report, wide: output.wide), terminator: "") }
        }
        if let p = report.precision {
            CLI.say(p.reachedMaxTrials
                    ? "precision: NOT reached: --max-trials \(p.maxTrials) stopped at relative half-width \(ReportFormatter.short(p.achieved)) > \(ReportFormatter.short(p.target))"
                    : "precision: every headline median within \(ReportFormatter.short(p.achieved)) <= \(ReportFormatter.short(p.target)) with \(p.trials) trials per cell",
                    json: output.json)
        }
        let plotsDir = reporter.plotsRoot?.appendingPathComponent(store.runID)
        CLI.say("results: \(store.directory.path)" + (plotsDir.map { "\nplots:   \($0.path)" } ?? ""), json: output.json)
        return report
    }

    /// The sizes of `--n` (or the default) without repeats; a repeat gets a note on stderr.
    /// Sizes above 2^63 come apart as real numbers (`NumberList.sizesAndRealSizes`).
    private func sizes(plugins: [String]) throws -> (sizes: [Int], real: [Double]) {
        var text = options.sizes ?? defaultSizes
        if options.sizes == nil, let first = plugins.first {
            let taskName = try options.task ?? CLI.registry.plugin(named: first).descriptor.tasks.first
            if let name = taskName, let n = (try? CLI.registry.task(named: name))?.defaultN { text = "\(n)" }
        }
        let (whole, real) = try NumberList.sizesAndRealSizes(text, field: "--n")
        let (sizes, repeated) = NumberList.distinct(whole)
        if !repeated.isEmpty {
            FileHandle.standardError.write("popbench: note: --n lists \(repeated.map(String.init).joined(separator: ", ")) more than once; each size runs once\n".data(using: .utf8)!)
        }
        return (sizes, real)
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
        if CommandLineWords.given("--clock"), sgd.headlineClock != .parallel {
            throw UsageError("--clock: protocols are timed in parallel time only; allowed for task \(task.name): parallel")
        }
    }

    /// `popbench protocol` does not take the optimization-only options; typed anyway, each is
    /// refused by name (rather than read as a protocol parameter).
    func refuseOptimizationOptions() throws {
        guard let typed = OptimizationOptions.names.first(where: { name in
            options.parameters.contains { $0 == name || $0.hasPrefix(name + "=") } }) else { return }
        if typed == "--clock" {
            throw UsageError("--clock: protocols are timed in parallel time only; popbench protocol takes no --clock")
        }
        throw UsageError("\(typed): applies to optimization runs only; popbench protocol does not take it (see popbench protocol --help)")
    }

}
