import Foundation
import PopBenchCore
import PopBenchOptimization

/// What the launcher hands the ranks of one `mpirun`: the experiment, one of its cells, the
/// trials of that cell to run, and the file rank 0 appends the finished records to.
public struct MPIJob: Sendable, Codable {
    public var spec: ExperimentSpec
    public var cell: Int
    public var trials: [Int]
    /// `trials.jsonl`-style output: one `TrialRecord` per line, written by rank 0.
    public var output: String
    /// How the ranks interleave (`--mpi-schedule`).
    public var schedule: MPISchedule
    /// Time the cell's communication pattern after steps after each trial (`validate-model`),
    /// and record the launch's mean in every trial's outcomes (`InLaunchProbe`).
    public var probe: Bool

    public init(spec: ExperimentSpec, cell: Int, trials: [Int], output: String, schedule: MPISchedule = .free,
                probe: Bool = false) {
        self.spec = spec; self.cell = cell; self.trials = trials; self.output = output; self.schedule = schedule
        self.probe = probe
    }
}

/// The worker side of the MPI backend (`popbench mpi-worker JOB`): every rank runs the job's
/// trials as node `rank` of the population; rank 0 writes each trial's record as it finishes.
public enum MPIWorker {
    /// Runs `job` on this process's rank; returns the exit status.
    public static func run(jobPath: String) -> Int32 {
        let world = MPIWorld.initialize()
        do {
            let job = try JSON.decoder().decode(MPIJob.self, from: Data(contentsOf: URL(fileURLWithPath: jobPath)))
            let cell = job.spec.cells[job.cell]
            guard world.size == MPIAlgorithms.standard.ranks(plugin: cell.plugin, n: cell.n) else {
                throw UsageError("--ranks: mpirun started \(world.size) ranks for \(cell.plugin) at n = \(cell.n); allowed: \(MPIAlgorithms.standard.ranks(plugin: cell.plugin, n: cell.n)) (one rank per node)")
            }
            let out = world.rank == 0 ? try FileHandle(forWritingTo: URL(fileURLWithPath: job.output)) : nil
            try out?.seekToEnd()
            func write(_ setup: TrialSetup, _ recorder: TrialRecorder) throws {
                guard let out else { return }
                var line = try JSON.lineEncoder().encode(TrialRecord(cell: job.cell, setup: setup, recorder: recorder,
                                                                     keepSeries: job.spec.keepSeries))
                line.append(0x0A)
                try out.write(contentsOf: line)
                try out.synchronize()
            }
            // With a probe the records wait for it: after each trial (at the start, mpirun's own
            // work still competes for the cores), averaged over the launch.
            var held: [(TrialSetup, TrialRecorder)] = [], probes: [InLaunchProbe] = []
            let timer = job.probe ? try InLaunchProbe.Timer(cell, world: world) : nil
            defer { timer?.free() }
            for trial in job.trials {
                let setup = cell.setup(trial: trial, masterSeed: job.spec.masterSeed, experiment: job.spec.experiment)
                var driver = RankDriver(algorithm: try MPIAlgorithms.standard.make(setup, schedule: job.schedule), setup: setup, world: world)
                try OptimizationTasks.make(setup).accept(&driver)
                guard job.probe else { try write(setup, driver.recorder); continue }
                held.append((setup, driver.recorder))
                if let timer { probes.append(try timer.measure()) }
            }
            let probe = InLaunchProbe.mean(probes)
            for (setup, recorder) in held {
                var r = recorder
                probe?.record(into: &r)
                try write(setup, r)
            }
            try out?.close()
        } catch {
            FileHandle.standardError.write("popbench: error: mpi-worker rank \(world.rank): \(error)\n".data(using: .utf8)!)
            world.abort(2)
        }
        world.finalize()
        return 0
    }
}
