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
        of ranks by what calibrate measured on that many ranks: one event costs the call of the \
        communication pattern its MPI implementation makes (all-reduce for psgd and localsgd, \
        the two Sendrecv ring shifts or the Irecv/Isend/Waitall exchange for dpsgd, the exchange \
        for sgp, publish + one-sided Get for popsgd) as timed right after a step at the task's \
        model size (8 d bytes), and a step costs the compute time measured with every rank \
        busy. Then runs the same cells simulated and with --backend mpi (one rank per node); \
        each launch times its pattern again after each trial, and the cells are simulated once \
        more priced by that (a shared host's speed drifts between calibrate and the run: the \
        "call drift" column is the launch's call over the profile's). Prints, per algorithm, \
        the measured throughput (gradient evaluations per wall-clock second, mean and t-CI over \
        trials) beside both predictions and their ratios, the wall-clock time to target \
        (median, bootstrap CI), and each cost term's share of the measured time per gradient. \
        Runs are kept under results/ (<run-id>-sim, <run-id>-mpi, <run-id>-sim-in-launch).
        """)

    @Option(help: "The profile file written by popbench calibrate.") var profile: String = "results/network-profile.json"
    @Option(help: "Comma-separated algorithms (default: every distributed algorithm with an MPI implementation).") var algos: String?
    @Option(help: "Task.") var task: String = "linreg"
    @Option(help: "Ranks = nodes, a list (e.g. 2,4).") var ranks: String = "2,4"
    @Option(help: "Trials per algorithm and n (>= 2, for intervals).") var trials: Int = 3
    @Option(help: "Run length in parallel time (default: the plugin's).") var budget: Double?
    @Option(help: "Master seed.") var seed: UInt64 = 1
    @Option(name: .customLong("run-id"), help: "Prefix of the three run directories (default: validate-<UTC time>).") var runID: String?
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
        var priced: [Int: (CalibrationProfile.Deployment, Pricing)] = [:]
        var waitFractions: [Int: Double] = [:]
        for (i, cell) in spec.cells.enumerated() {
            let deployment = try profile.deployment(ranks: MPIAlgorithms.standard.ranks(plugin: cell.plugin, n: cell.n), path: self.profile)
            let pricing = try MPIAlgorithms.standard.pricing(plugin: cell.plugin, config: cell.config, n: cell.n)
            guard let overrides = deployment.costModelOverrides(task: task, pricing: pricing) else {
                throw UsageError("--task: \(task) or \(cell.plugin)'s pattern was not measured in \(self.profile) at \(deployment.ranks) ranks; allowed: rerun popbench calibrate --tasks \(task) --force")
            }
            Self.apply(overrides, to: &spec.cells[i])
            if let pricing {
                priced[i] = (deployment, pricing)
                waitFractions[i] = deployment.waitFraction(task: task, pricing: pricing)
            }
        }
        for suffix in Self.suffixes { try ResultStore.checkCreatable(root: root, runID: "\(id)-\(suffix)", force: false) }
        var (rows, directories) = try validate(spec, runID: id, root: root, priced: priced, waitFractions: waitFractions)
        for (i, (_, pricing)) in priced { rows[i].pattern = pricing.pattern.rawValue }   // rows are in cell order
        rows.sort { (names.firstIndex(of: $0.plugin) ?? 0, $0.n) < (names.firstIndex(of: $1.plugin) ?? 0, $1.n) }
        // The ratios go back into the profile, so that compare --clock wall --network FILE can state them.
        var updated = profile
        let now = Manifest.timestamp()
        let load = (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))?.split(separator: " ").first.flatMap { Double($0) }
        updated.validation = (profile.validation ?? []).filter { v in !rows.contains { $0.plugin == v.plugin && $0.n == v.ranks } }
            + rows.map { CalibrationProfile.Validation(plugin: $0.plugin, ranks: $0.n, ratio: $0.samplesRatio, created: now, load: load,
                                                       inLaunchRatio: $0.inLaunchRatio) }
        try JSON.prettyEncoder().encode(updated).write(to: URL(fileURLWithPath: self.profile), options: .atomic)
        if json {
            try CLI.printJSON(Output(profile: self.profile, results: directories, rows: rows, order: ModelValidation.order(rows)))
        } else {
            print(ModelValidation.text(rows))
            for line in ModelValidation.order(rows) { print(line) }
        }
        CLI.say("results: \(directories.joined(separator: ", "))", json: json)
    }

    /// The run directories' suffixes: simulated under the profile, real, simulated under each
    /// launch's probe.
    static let suffixes = ["sim", "mpi", "sim-in-launch"]

    /// Sets a cell's cost-model options.
    static func apply(_ overrides: [String: String], to cell: inout Cell) {
        for (key, value) in overrides { cell.config[key] = key == "allreduce" ? .string(value) : .double(Double(value)!) }
    }

    /// Runs `spec` simulated, on real ranks (each launch timing its cell's pattern first), and
    /// simulated again priced by those launch probes; writes the runs' summaries and returns the
    /// rows with the three run directories. `priced`: each communicating cell's deployment and
    /// pricing.
    func validate(_ spec: ExperimentSpec, runID: String, root: URL, priced: [Int: (CalibrationProfile.Deployment, Pricing)],
                  waitFractions: [Int: Double]) throws -> ([ModelValidation.Row], [String]) {
        var who: [String] = []
        for cell in spec.cells where !who.contains(cell.plugin) { who.append(cell.plugin) }
        let names = who.joined(separator: ", ")
        CLI.say("validate-model: \(names) simulated under \(self.profile)", json: true)
        let (simStore, simRecords) = try RunSession(registry: CLI.registry, resultsRoot: root)
            .start(spec, arguments: CommandLine.arguments, runID: "\(runID)-sim", force: false)
        CLI.say("validate-model: \(names) real, mpirun one rank per node, each launch timing its pattern after each trial", json: true)
        var real = RunSession(registry: CLI.registry, resultsRoot: root)
        var launcher = try RunOrchestrator.mpiLauncher(spec, ranks: nil, runID: "\(runID)-mpi")
        launcher.probe = true
        real.executor = launcher
        let (realStore, realRecords) = try real.start(spec, arguments: CommandLine.arguments, runID: "\(runID)-mpi", force: false)

        // The same cells priced by what each launch measured.
        var inLaunch = spec
        var drifts: [Int: Double] = [:], inLaunchWaits: [Int: Double] = [:]
        for (i, (deployment, pricing)) in priced {
            guard let record = realRecords.first(where: { $0.cell == i }),
                  let probe = InLaunchProbe(record: record, pattern: pricing.pattern, task: task) else { continue }
            let probed = probe.replacing(in: deployment)
            guard let overrides = probed.costModelOverrides(task: task, pricing: pricing),
                  let now = probed.callCost(task: task, pricing: pricing), let then = deployment.callCost(task: task, pricing: pricing)
            else { continue }
            Self.apply(overrides, to: &inLaunch.cells[i])
            let bytes = Double(8 * probe.compute.dimension)
            drifts[i] = (now.alpha + bytes / now.beta) / (then.alpha + bytes / then.beta)
            inLaunchWaits[i] = probed.waitFraction(task: task, pricing: pricing)
        }
        CLI.say("validate-model: \(names) simulated under each launch's own timing of its pattern", json: true)
        let (probedStore, probedRecords) = try RunSession(registry: CLI.registry, resultsRoot: root)
            .start(inLaunch, arguments: CommandLine.arguments, runID: "\(runID)-sim-in-launch", force: false)

        var reports: [Report] = []
        for (store, records, cells) in [(simStore, simRecords, spec), (realStore, realRecords, spec), (probedStore, probedRecords, inLaunch)] {
            var analyzer = Analyzer(registry: CLI.registry, spec: cells)
            analyzer.clock = .wall
            let report = try analyzer.analyze(records, runID: store.runID, resultsDir: store.directory.path, plotsDir: nil).report
            try store.write(text: ReportFormatter.csv(report), to: "summary.csv")
            try JSON.prettyEncoder().encode(JSON.versioned(report)).write(to: store.reportURL, options: .atomic)
            reports.append(report)
        }
        var rows = try ModelValidation.rows(spec: spec, simulated: simRecords, simulatedReport: reports[0],
                                            measured: realRecords, measuredReport: reports[1], waitFractions: waitFractions)
        try ModelValidation.addInLaunch(&rows, spec: inLaunch, simulated: probedRecords, drifts: drifts, waitFractions: inLaunchWaits)
        return (rows, [simStore, realStore, probedStore].map(\.directory.path))
    }

    struct Output: Encodable {
        var command = "validate-model"
        var profile: String
        /// The run directories: simulated under the profile, measured, simulated under the launches' probes.
        var results: [String]
        var rows: [ModelValidation.Row]
        /// `ModelValidation.order`, a line per n.
        var order: [String]
    }
}
