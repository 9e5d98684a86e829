import ArgumentParser
import PopBenchCore
import PopBenchMPI

/// Options that apply to optimization (SGD) runs only: the headline clock, the model that is
/// scored, and where trials run. `compare`, `run` and `sweep` show them; `protocol` does not
/// (protocols are timed in parallel time, on simulated agents) and refuses them by name.
struct OptimizationOptions: ParsableArguments {
    @Option(help: "Clock of the headline time to target, its fits and plot: node-steps (gradients per node), grads, parallel (interactions / n), wall or bytes. Comparisons are reported on every clock.")
    var clock: Clock = .nodeSteps
    @Option(help: "Which model's metric decides time to target: avg (the average model), nodes-mean (mean over nodes of each node's own model) or nodes-worst.")
    var metric: String = Quality.nodesMean.rawValue
    @Option(help: "Where trials run: sim (simulated in this process) or mpi (real MPI ranks under mpirun, one per node).")
    var backend: String = "sim"
    @Option(help: "MPI ranks with --backend mpi (default: the number of nodes; must equal it).")
    var ranks: Int?
    @Option(name: .customLong("mpi-schedule"), help: "With --backend mpi: free (ranks run at their own pace, as deployed) or serial (popsgd's ranks take turns in global event order: reproducible bit for bit, no stale reads; for checking, not timing).")
    var mpiSchedule: MPISchedule = .free

    /// The options above, as typed on a command line (a protocol command refuses each by name).
    static let names = ["--clock", "--metric", "--backend", "--ranks", "--mpi-schedule"]

    /// The defaults, for commands that do not take these options (`protocol`).
    static func defaults() -> OptimizationOptions {
        // Parsing no words cannot fail: every option has a default or is optional.
        (try? parse([])) ?? { fatalError("OptimizationOptions has a required option") }()
    }

    func validate() throws {
        if !["sim", "mpi"].contains(backend) {
            throw ValidationError("--backend: '\(backend)' is not allowed; allowed: sim, mpi")
        }
        if let r = ranks, r < 1 || backend != "mpi" {
            throw ValidationError("--ranks: \(r) is not allowed; allowed: a whole number >= 1, with --backend mpi")
        }
        if mpiSchedule != .free && backend != "mpi" {
            throw ValidationError("--mpi-schedule: \(mpiSchedule.rawValue) is only allowed with --backend mpi")
        }
        if Quality(rawValue: metric).map({ Quality.targetChoices.contains($0) }) != true {
            throw ValidationError("--metric: '\(metric)' is not allowed; allowed: \(Quality.targetChoices.map(\.rawValue).joined(separator: ", "))")
        }
    }

    /// The clock chosen with `--clock`.
    var headlineClock: Clock { clock }

    /// The quality chosen with `--metric`.
    var quality: Quality { Quality(rawValue: metric) ?? .nodesMean }
}
