import ArgumentParser
import PopBenchMPI

/// `popbench mpi-probe OUT`: what each rank of `calibrate` runs (not for people).
struct MPIProbeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mpi-probe", abstract: "Run the calibration probe on this MPI rank (started by calibrate).",
        shouldDisplay: false)

    @Argument(help: "Where rank 0 writes the timings.") var output: String
    @Option(help: "Tasks whose compute time per gradient is timed on every rank at once, comma-separated.") var tasks: String = ""
    @Flag(help: "The quick plan (calibrate --quick).") var quick = false

    func run() throws {
        let status = NetworkProbe.run(output: output, tasks: tasks.split(separator: ",").map(String.init), plan: quick ? .quick : .full)
        if status != 0 { throw ExitCode(status) }
    }
}
