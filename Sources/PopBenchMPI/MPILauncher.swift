import Foundation
import PopBenchCore

/// Runs an experiment's trials on real MPI ranks: for each cell, one `mpirun -np RANKS` of the
/// popbench executable itself in worker mode (`popbench mpi-worker JOB`), one rank per node;
/// the trials' records come back through a file and land in the run like simulated ones, with
/// the real wall clock as `wall`.
///
/// Cells run one after another and trials within a cell one after another (ranks are the
/// parallelism), so `--jobs` does not apply. Inside a Slurm allocation `mpirun` picks up the
/// allocation's nodes itself.
public struct MPILauncher: TrialExecutor {
    /// The popbench executable the ranks run.
    public var executable: String
    /// The launcher command: `mpirun --allow-run-as-root --oversubscribe`, `--mca
    /// mpi_yield_when_idle 1` (see `yieldArguments`), plus any words of the environment
    /// variable `POPBENCH_MPIRUN_ARGS` (e.g. `--mca osc pt2pt` where the default one-sided
    /// component cannot create windows; see the README).
    public var launcher: [String]
    /// Where job and output files are written while the run lasts.
    public var scratch: URL
    /// Seconds one mpirun may take before it is stopped and the run fails (environment variable
    /// `POPBENCH_MPI_TIMEOUT`); nil: no limit.
    public var timeout: Double? = ProcessInfo.processInfo.environment["POPBENCH_MPI_TIMEOUT"].flatMap(Double.init)
    /// How the ranks interleave (`--mpi-schedule`; `MPISchedule.check` says where it applies).
    public var schedule: MPISchedule = .free
    /// Time each cell's communication pattern inside its launch, after each trial
    /// (`validate-model`; `InLaunchProbe`).
    public var probe = false

    public init(executable: String, scratch: URL, extraArguments: [String] = []) throws {
        guard let mpirun = MPILauncher.which("mpirun") else {
            throw UsageError("--backend mpi: mpirun not found on PATH; allowed: an OpenMPI installation (scripts/bootstrap installs openmpi-bin)")
        }
        self.executable = executable
        self.scratch = scratch
        launcher = [mpirun, "--allow-run-as-root", "--oversubscribe"]
            + Self.yieldArguments(extraArguments: extraArguments, environment: ProcessInfo.processInfo.environment)
            + extraArguments
    }

    /// `--mca mpi_yield_when_idle 1` unless the user sets that parameter (in
    /// `POPBENCH_MPIRUN_ARGS` or as `OMPI_MCA_mpi_yield_when_idle`). OpenMPI ranks busy-poll
    /// while they wait and yield the CPU only when mpirun counts more ranks than slots; when
    /// ranks share cores with other work anyway (a loaded machine, a CI job running tests beside
    /// them), busy-polling ranks run in time-slice bursts. The asynchronous algorithms then
    /// see partner models a whole burst old: one-sided PopSGD on 4 ranks, linreg, budget 4000,
    /// ended at a relative distance of 0.28-0.32 to the optimum with `mpi_yield_when_idle 0`
    /// against 0.018-0.020 with 1 (2 cores, 4 ranks, unloaded). On dedicated cores a yield with
    /// nothing else runnable returns at once, so real runs pay almost nothing for it.
    static func yieldArguments(extraArguments: [String], environment: [String: String]) -> [String] {
        let parameter = "mpi_yield_when_idle"
        if extraArguments.contains(where: { $0.contains(parameter) }) || environment["OMPI_MCA_" + parameter] != nil { return [] }
        return ["--mca", parameter, "1"]
    }

    /// Checks, before any work, that every cell has an MPI implementation and that `ranks` (when
    /// given) matches every population size of the spec.
    public static func validate(_ spec: ExperimentSpec, ranks: Int?) throws {
        for cell in spec.cells {
            try MPIAlgorithms.standard.check(cell.plugin)
            try MPIAlgorithms.standard.checkRule(cell)
            if let ranks, MPIAlgorithms.standard.ranks(plugin: cell.plugin, n: cell.n) != 1, ranks != cell.n {
                throw UsageError("--ranks: \(ranks) differs from --nodes \(cell.n); allowed: the number of nodes (one rank per node)")
            }
        }
    }

    public func run(_ spec: ExperimentSpec, skip: Set<TrialKey>,
                    onRecord: @escaping @Sendable (TrialRecord) throws -> Void) throws -> [TrialRecord] {
        let fm = FileManager.default
        try fm.createDirectory(at: scratch, withIntermediateDirectories: true)
        var all: [TrialRecord] = []
        for (c, cell) in spec.cells.enumerated() {
            let trials = (0..<spec.trials).filter { !skip.contains(TrialKey(cell: c, trial: $0)) }
            if trials.isEmpty { continue }
            let jobURL = scratch.appendingPathComponent("job-\(c).json")
            let outURL = scratch.appendingPathComponent("records-\(c).jsonl")
            _ = fm.createFile(atPath: outURL.path, contents: nil)
            try JSON.prettyEncoder().encode(MPIJob(spec: spec, cell: c, trials: trials, output: outURL.path, schedule: schedule,
                                                      probe: probe))
                .write(to: jobURL)
            let np = MPIAlgorithms.standard.ranks(plugin: cell.plugin, n: cell.n)
            let status = try launch(ranks: np, arguments: ["mpi-worker", jobURL.path], check: false)
            let records = try Self.read(outURL)
            for r in records { try onRecord(r) }
            all += records
            guard status == 0, records.count == trials.count else {
                throw MPIError("mpirun -np \(np) for \(cell.plugin) at n = \(cell.n) exited with status \(status) after \(records.count) of \(trials.count) trials (see its messages above)")
            }
            try? fm.removeItem(at: jobURL)
            try? fm.removeItem(at: outURL)
        }
        try? fm.removeItem(at: scratch)
        return all.sorted { ($0.cell, $0.trial) < ($1.cell, $1.trial) }
    }

    /// Runs `mpirun ... -np RANKS popbench ARGUMENTS` to completion, its output on stderr;
    /// returns the exit status (throws on a non-zero one when `check`).
    @discardableResult
    public func launch(ranks: Int, arguments: [String], check: Bool = true) throws -> Int32 {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: launcher[0])
        p.arguments = Array(launcher.dropFirst()) + ["-np", String(ranks), executable] + arguments
        p.standardOutput = FileHandle.standardError
        try p.run()
        if let limit = timeout {
            let deadline = Date().addingTimeInterval(limit)
            while p.isRunning && Date() < deadline { usleep(50_000) }
            if p.isRunning {
                p.terminate()  // mpirun forwards SIGTERM to its ranks
                p.waitUntilExit()
                throw MPIError("mpirun -np \(ranks) popbench \(arguments.first ?? "") did not finish within \(ReportFormatter.short(limit)) s (POPBENCH_MPI_TIMEOUT) and was stopped")
            }
        }
        p.waitUntilExit()
        if check && p.terminationStatus != 0 {
            throw MPIError("mpirun -np \(ranks) popbench \(arguments.first ?? "") exited with status \(p.terminationStatus) (see its messages above)")
        }
        return p.terminationStatus
    }

    static func read(_ url: URL) throws -> [TrialRecord] {
        let data = (try? Data(contentsOf: url)) ?? Data()
        let decoder = JSON.decoder()
        return data.split(separator: 0x0A).compactMap { try? decoder.decode(TrialRecord.self, from: Data($0)) }
    }

    /// The first executable `name` on PATH.
    static func which(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for dir in path.split(separator: ":") {
            let candidate = "\(dir)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }
}

/// A failed MPI launch or worker: not a usage error (exit 1).
public struct MPIError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
