import ArgumentParser
import Foundation
import PopBenchMPI

/// `popbench mpi-worker JOB`: what each MPI rank runs (started by `--backend mpi`, not by people).
struct MPIWorkerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mpi-worker", abstract: "Run one MPI job's trials on this rank (started by --backend mpi).",
        shouldDisplay: false)

    @Argument(help: "The job file written by the launcher.") var job: String

    func run() throws {
        let status = MPIWorker.run(jobPath: job)
        if status != 0 { throw ExitCode(status) }
    }
}
