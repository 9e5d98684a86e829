import Foundation
import PopBenchCore
import PopBenchMPI
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
        var session = RunSession(registry: registry, resultsRoot: resultsRoot, jobs: options.jobs)

        let shard = try options.parsedShard()
        if shard != nil && options.resume != nil {
            throw UsageError("--shard: not allowed with --resume (a resumed run keeps the shard of its manifest)")
        }
        let store: ResultStore, records: [TrialRecord], spec: ExperimentSpec
        if let resumeID = options.resume {
            if options.backend == "mpi" {
                let spec = try ResultStore.open(root: resultsRoot, runID: resumeID).readManifest().spec
                session.executor = try Self.mpiLauncher(spec, ranks: options.ranks, runID: resumeID)
            }
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
            if options.backend == "mpi" { session.executor = try Self.mpiLauncher(spec, ranks: options.ranks, runID: runID) }
            (store, records) = try session.start(spec, arguments: CommandLine.arguments, runID: runID,
                                                 force: options.force, shard: shard)
        }
        if let runShard = try store.readManifest().shard {
            try ShardOutput(runID: store.runID, resultsDir: store.directory.path, shard: runShard.description,
                            trials: records.count, totalTrials: spec.totalTrials).print(json: options.json)
            return
        }
        try Self.report(store: store, spec: spec, records: records, output: ReportOutput(options: options))
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
    static func report(store: ResultStore, spec: ExperimentSpec, records: [TrialRecord], output: ReportOutput) throws {
        let registry = CLI.registry
        let options = output
        let plotsRoot = URL(fileURLWithPath: options.plotsDir)

        let plotsDir = options.noPlots ? nil : plotsRoot.appendingPathComponent(store.runID)
        var analyzer = Analyzer(registry: registry, spec: spec)
        analyzer.clock = options.headlineClock
        var analysis = try analyzer.analyze(records, runID: store.runID, resultsDir: store.directory.path, plotsDir: plotsDir?.path)
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
        CLI.say("results: \(store.directory.path)" + (plotsDir.map { "\nplots:   \($0.path)" } ?? ""), json: options.json)
    }
}
