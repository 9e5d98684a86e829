import ArgumentParser
import Foundation
import PopBenchCore
import PopBenchMPI
import PopBenchPlot
import PopBenchSuite

/// `popbench validate-model`: each algorithm run for real on MPI ranks and simulated under the
/// calibrated profile, same seeds and cells; prints predicted / measured samples/s and time to
/// target with CIs.
struct ValidateModelCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate-model",
        abstract: "Check the simulated wall clock against real MPI runs under a calibrated profile.",
        discussion: """
        Reads the profile written by popbench calibrate, sets the cost model to it (latency, \
        bandwidth, compute time per gradient of the task, 8 d bytes per model), then runs the same \
        cells simulated and with --backend mpi (one rank per node) and prints, per algorithm, the \
        throughput (gradient evaluations per wall-clock second, mean and t-CI over trials) and the \
        wall-clock time to target (median, bootstrap CI), predicted beside measured. Each \
        algorithm's messages cost what the operation its MPI implementation uses measured: the \
        ping-pong fit for two-sided messages and collectives, the one-sided Get fit for PopSGD's \
        RMA epochs. Runs are kept under results/ (<run-id>-sim, <run-id>-mpi; PopSGD's in \
        <run-id>-rma-sim, <run-id>-rma-mpi).
        """)

    @Option(help: "The profile file written by popbench calibrate.") var profile: String = "results/network-profile.json"
    @Option(help: "Comma-separated algorithms (default: every distributed algorithm with an MPI implementation).") var algos: String?
    @Option(help: "Task.") var task: String = "linreg"
    @Option(help: "Ranks = nodes, a list (e.g. 2,4).") var ranks: String = "2,4"
    @Option(help: "Trials per algorithm and n (>= 2, for intervals).") var trials: Int = 3
    @Option(help: "Run length in parallel time (default: the plugin's).") var budget: Double?
    @Option(help: "Master seed.") var seed: UInt64 = 1
    @Option(name: .customLong("run-id"), help: "Prefix of the two run directories (default: validate-<UTC time>).") var runID: String?
    @Option(name: .customLong("results-dir"), help: "Root of run results.") var resultsDir: String = "results"
    @Flag(help: "Print one JSON object on stdout; human text goes to stderr.") var json = false

    func validate() throws {
        if trials < 2 { throw ValidationError("--trials: \(trials) is not allowed; allowed: a whole number >= 2") }
    }

    func run() throws {
        let profile = try CalibrationProfile.read(self.profile)
        guard let compute = profile.compute.first(where: { $0.task == task }) else {
            throw UsageError("--task: \(task) has no compute time in \(self.profile); allowed: \(profile.compute.map(\.task).joined(separator: ", ")) (or rerun calibrate --tasks)")
        }
        let names = algos.map { $0.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) } }
            ?? MPIAlgorithms.standard.names.filter { MPIAlgorithms.standard.capabilities($0)?.distributed == true }
        let sizes = try NumberList.sizes(ranks, field: "--ranks")
        let root = URL(fileURLWithPath: resultsDir)
        let id = runID ?? ResultStore.newRunID(command: "validate", root: root)
        // Each algorithm is priced by the operation its MPI implementation uses, so the two kinds
        // run as separate experiments (one cost model per experiment).
        var groups: [PricedGroup] = []
        for rma in [false, true] {
            let members = names.filter { MPIAlgorithms.standard.rma($0) == rma }
            if members.isEmpty { continue }
            let spec = try Study(registry: CLI.registry).plan(StudyRequest(
                command: "validate-model", plugins: members, task: task, sizes: sizes,
                overrides: profile.costModelOverrides(task: task, dimension: compute.dimension, rma: rma), budget: budget,
                trials: trials, seed: seed, keepSeries: true)).spec
            try MPILauncher.validate(spec, ranks: nil)
            groups.append(PricedGroup(plugins: members, spec: spec, runID: rma ? "\(id)-rma" : id))
        }
        for g in groups {
            for suffix in ["sim", "mpi"] { try ResultStore.checkCreatable(root: root, runID: "\(g.runID)-\(suffix)", force: false) }
        }

        var rows: [ModelValidation.Row] = [], directories: [String] = []
        for g in groups {
            let (r, d) = try validate(g, root: root)
            rows += r
            directories += d
        }
        rows.sort { (names.firstIndex(of: $0.plugin) ?? 0, $0.n) < (names.firstIndex(of: $1.plugin) ?? 0, $1.n) }
        // The ratios go back into the profile, so that compare --clock wall --network FILE can state them.
        var updated = profile
        let now = ISO8601DateFormatter().string(from: Date())
        let load = (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))?.split(separator: " ").first.flatMap { Double($0) }
        updated.validation = (profile.validation ?? []).filter { v in !rows.contains { $0.plugin == v.plugin && $0.n == v.ranks } }
            + rows.map { CalibrationProfile.Validation(plugin: $0.plugin, ranks: $0.n, ratio: $0.samplesRatio, created: now, load: load) }
        try JSON.prettyEncoder().encode(updated).write(to: URL(fileURLWithPath: self.profile), options: .atomic)
        if json {
            try CLI.printJSON(Output(profile: self.profile, results: directories, rows: rows))
        } else {
            print(ModelValidation.text(rows))
        }
        CLI.say("results: \(directories.joined(separator: ", "))", json: json)
    }

    /// Runs one group simulated and on real ranks, writes both runs' summaries and returns the
    /// rows with the two run directories.
    func validate(_ g: PricedGroup, root: URL) throws -> ([ModelValidation.Row], [String]) {
        let who = g.plugins.joined(separator: ", ")
        CLI.say("validate-model: \(who) simulated under \(self.profile)", json: true)
        let sim = RunSession(registry: CLI.registry, resultsRoot: root)
        let (simStore, simRecords) = try sim.start(g.spec, arguments: CommandLine.arguments, runID: "\(g.runID)-sim", force: false)
        CLI.say("validate-model: \(who) real, mpirun one rank per node", json: true)
        var real = RunSession(registry: CLI.registry, resultsRoot: root)
        real.executor = try RunOrchestrator.mpiLauncher(g.spec, ranks: nil, runID: "\(g.runID)-mpi")
        let (realStore, realRecords) = try real.start(g.spec, arguments: CommandLine.arguments, runID: "\(g.runID)-mpi", force: false)

        var analyzer = Analyzer(registry: CLI.registry, spec: g.spec)
        analyzer.clock = .wall
        let simReport = try analyzer.analyze(simRecords, runID: simStore.runID, resultsDir: simStore.directory.path, plotsDir: nil).report
        let realReport = try analyzer.analyze(realRecords, runID: realStore.runID, resultsDir: realStore.directory.path, plotsDir: nil).report
        for (store, report) in [(simStore, simReport), (realStore, realReport)] {
            try store.write(text: ReportFormatter.csv(report), to: "summary.csv")
            try JSON.prettyEncoder().encode(JSON.versioned(report)).write(to: store.reportURL, options: .atomic)
        }
        let rows = try ModelValidation.rows(spec: g.spec, simulated: simRecords, simulatedReport: simReport,
                                            measured: realRecords, measuredReport: realReport)
        return (rows, [simStore.directory.path, realStore.directory.path])
    }

    /// Algorithms that share one cost model, and the run-ID prefix of their two runs.
    struct PricedGroup {
        var plugins: [String]
        var spec: ExperimentSpec
        var runID: String
    }

    struct Output: Encodable {
        var command = "validate-model"
        var profile: String
        /// The run directories, simulated then measured, per pricing group.
        var results: [String]
        var rows: [ModelValidation.Row]
    }
}
