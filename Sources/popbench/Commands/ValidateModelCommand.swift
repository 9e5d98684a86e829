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
        Reads the profile written by popbench calibrate and prices each algorithm at each number \
        of ranks by what calibrate measured on that many ranks: the communication pattern its MPI \
        implementation calls (all-reduce for psgd and localsgd, the two Sendrecv ring shifts or \
        the Irecv/Isend/Waitall exchange for dpsgd, the exchange for sgp, publish + one-sided Get \
        for popsgd) sets the cost model's latency and bandwidth so that one event costs the \
        pattern's fitted alpha + M/beta, with the compute time per gradient measured with every \
        rank busy and 8 d bytes per model. Then runs the same cells simulated and with --backend \
        mpi (one rank per node) and prints, per algorithm, the throughput (gradient evaluations \
        per wall-clock second, mean and t-CI over trials), the wall-clock time to target (median, \
        bootstrap CI), predicted beside measured, and each cost term's share of the measured time \
        per gradient. Runs are kept under results/ (<run-id>-sim, <run-id>-mpi).
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
        guard profile.compute.contains(where: { $0.task == task }) else {
            throw UsageError("--task: \(task) has no compute time in \(self.profile); allowed: \(profile.compute.map(\.task).joined(separator: ", ")) (or rerun calibrate --tasks)")
        }
        let names = algos.map { $0.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) } }
            ?? MPIAlgorithms.standard.names.filter { MPIAlgorithms.standard.capabilities($0)?.distributed == true }
        let sizes = try NumberList.sizes(ranks, field: "--ranks")
        let root = URL(fileURLWithPath: resultsDir)
        let id = runID ?? ResultStore.newRunID(command: "validate", root: root)
        var spec = try Study(registry: CLI.registry).plan(StudyRequest(
            command: "validate-model", plugins: names, task: task, sizes: sizes, overrides: [:], budget: budget,
            trials: trials, seed: seed, keepSeries: true)).spec
        try MPILauncher.validate(spec, ranks: nil)
        // Each cell is priced by its algorithm's pattern as measured on its number of ranks.
        var waitFractions: [Int: Double] = [:]
        for (i, cell) in spec.cells.enumerated() {
            let deployment = try profile.deployment(ranks: MPIAlgorithms.standard.ranks(plugin: cell.plugin, n: cell.n), path: self.profile)
            let pricing = try MPIAlgorithms.standard.pricing(plugin: cell.plugin, config: cell.config, n: cell.n)
            guard let overrides = deployment.costModelOverrides(task: task, pricing: pricing) else {
                throw UsageError("--task: \(task) or \(cell.plugin)'s pattern was not measured in \(self.profile) at \(deployment.ranks) ranks; allowed: rerun popbench calibrate --tasks \(task) --force")
            }
            for (key, value) in overrides { spec.cells[i].config[key] = key == "allreduce" ? .string(value) : .double(Double(value)!) }
            if let pricing { waitFractions[i] = deployment.waitFraction(task: task, pricing: pricing) }
        }
        for suffix in ["sim", "mpi"] { try ResultStore.checkCreatable(root: root, runID: "\(id)-\(suffix)", force: false) }
        var (rows, directories) = try validate(spec, runID: id, root: root, waitFractions: waitFractions)
        rows.sort { (names.firstIndex(of: $0.plugin) ?? 0, $0.n) < (names.firstIndex(of: $1.plugin) ?? 0, $1.n) }
        for i in rows.indices {
            let cell = spec.cells.first { $0.plugin == rows[i].plugin && $0.n == rows[i].n }!
            rows[i].pattern = try MPIAlgorithms.standard.pricing(plugin: cell.plugin, config: cell.config, n: cell.n)?.pattern.rawValue
        }
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

    /// Runs `spec` simulated and on real ranks, writes both runs' summaries and returns the rows
    /// with the two run directories.
    func validate(_ spec: ExperimentSpec, runID: String, root: URL, waitFractions: [Int: Double]) throws -> ([ModelValidation.Row], [String]) {
        var who: [String] = []
        for cell in spec.cells where !who.contains(cell.plugin) { who.append(cell.plugin) }
        CLI.say("validate-model: \(who.joined(separator: ", ")) simulated under \(self.profile)", json: true)
        let sim = RunSession(registry: CLI.registry, resultsRoot: root)
        let (simStore, simRecords) = try sim.start(spec, arguments: CommandLine.arguments, runID: "\(runID)-sim", force: false)
        CLI.say("validate-model: \(who.joined(separator: ", ")) real, mpirun one rank per node", json: true)
        var real = RunSession(registry: CLI.registry, resultsRoot: root)
        real.executor = try RunOrchestrator.mpiLauncher(spec, ranks: nil, runID: "\(runID)-mpi")
        let (realStore, realRecords) = try real.start(spec, arguments: CommandLine.arguments, runID: "\(runID)-mpi", force: false)

        var analyzer = Analyzer(registry: CLI.registry, spec: spec)
        analyzer.clock = .wall
        let simReport = try analyzer.analyze(simRecords, runID: simStore.runID, resultsDir: simStore.directory.path, plotsDir: nil).report
        let realReport = try analyzer.analyze(realRecords, runID: realStore.runID, resultsDir: realStore.directory.path, plotsDir: nil).report
        for (store, report) in [(simStore, simReport), (realStore, realReport)] {
            try store.write(text: ReportFormatter.csv(report), to: "summary.csv")
            try JSON.prettyEncoder().encode(JSON.versioned(report)).write(to: store.reportURL, options: .atomic)
        }
        let rows = try ModelValidation.rows(spec: spec, simulated: simRecords, simulatedReport: simReport,
                                            measured: realRecords, measuredReport: realReport, waitFractions: waitFractions)
        return (rows, [simStore.directory.path, realStore.directory.path])
    }

    struct Output: Encodable {
        var command = "validate-model"
        var profile: String
        /// The run directories, simulated then measured, per pricing group.
        var results: [String]
        var rows: [ModelValidation.Row]
    }
}
