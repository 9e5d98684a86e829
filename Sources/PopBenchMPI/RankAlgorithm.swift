import PopBenchCore
import PopBenchOptimization

/// An optimization algorithm as one MPI rank runs it: rank r is node r of the population and
/// communicates through MPI the way the algorithm's reference code does.
protocol RankAlgorithm {
    /// Runs one trial on this rank and returns its recorder (rank 0's is the trial's record).
    func run<T: OptimizationTask>(_ task: T, setup: TrialSetup, world: MPIWorld) throws -> TrialRecorder
}

/// The algorithms the MPI backend runs, by catalog name, and the number of ranks each needs.
public enum MPIAlgorithms {
    /// Catalog names with an MPI implementation.
    public static let names = ["sgd", "psgd", "popsgd", "localsgd", "dpsgd", "sgp"]

    /// Why an algorithm has none (shown in the error).
    public static let missing: [String: String] = [
        "adpsgd": "its reference code pairs an active and a passive group with stale gradients from a background thread; "
            + "a faithful MPI version needs MPI_THREAD_MULTIPLE progress threads and is not implemented",
    ]

    /// Algorithms whose ranks exchange models through passive-target RMA epochs on MPI windows
    /// (lock, Get or Put, unlock) instead of two-sided messages and collectives; a calibrated
    /// profile prices their messages with its one-sided Get fit, the others' with the ping-pong.
    public static let rma: Set<String> = ["popsgd"]

    /// The ranks a cell of `plugin` at population size `n` runs on: one per node; sequential
    /// SGD runs on one.
    public static func ranks(plugin: String, n: Int) -> Int { plugin == "sgd" ? 1 : n }

    /// Checks that `plugin` has an MPI implementation.
    public static func check(_ plugin: String) throws {
        guard names.contains(plugin) else {
            let why = missing[plugin].map { " (\($0))" } ?? ""
            throw UsageError("--backend mpi: \(plugin) has no MPI implementation\(why); allowed: \(names.joined(separator: ", "))")
        }
    }

    /// Refuses a rule whose MPI version would be another rule under the same name (checked
    /// before any rank starts): symmetric PopSGD (the simulated rule has both partners compute H
    /// gradients per interaction; a rank cannot make its partner compute, so real ranks would do
    /// H, half of it, and charge the exchange differently), OSGP (`--overlap`: the ranks do not
    /// keep a message in flight across rounds) and quantized PopSGD.
    public static func checkRule(_ cell: Cell) throws {
        let c = cell.config
        switch cell.plugin {
        case "popsgd":
            if c["averaging"] != nil, c.string("averaging") == "symmetric" {
                throw UsageError("--averaging: symmetric is not allowed with --backend mpi (the simulated rule has both partners compute H gradients per interaction; a real rank cannot make its partner compute, so the name would mean another rule); allowed: one-sided")
            }
            if c["quantize"] != nil, c.int("quantize") != 0 {
                throw UsageError("--quantize: \(c.int("quantize")) is not allowed with --backend mpi; allowed: 0 (exact models)")
            }
        case "sgp":
            if c["overlap"] != nil, c.bool("overlap") {
                throw UsageError("--overlap: not implemented with --backend mpi (OSGP keeps the previous round's message in flight while the next is computed; the MPI ranks do not); drop --overlap or use the simulated backend")
            }
        default: break
        }
    }

    /// The rank-side algorithm of `setup.plugin` under `schedule`.
    static func make(_ setup: TrialSetup, schedule: MPISchedule = .free) throws -> any RankAlgorithm {
        let c = setup.config
        switch setup.plugin {
        case "sgd": return RankSGD()
        case "psgd": return RankPSGD()
        case "localsgd": return RankLocalSGD(h: c.int("local-steps"))
        case "popsgd":
            guard c.int("quantize") == 0 else {
                throw UsageError("--quantize: \(c.int("quantize")) is not allowed with --backend mpi; allowed: 0 (exact models)")
            }
            return RankPopSGD(h: c.int("local-steps"), oneSided: c.string("averaging") == "one-sided",
                              serial: schedule == .serial)
        case "dpsgd": return RankDPSGD(topology: try Topology.kind(c.string("topology")))
        case "sgp":
            guard !c.bool("overlap") else {
                throw UsageError("--overlap: not implemented with --backend mpi (OSGP needs the message of the previous round in flight while the next is computed, which the MPI ranks do not do); drop --overlap or use the simulated backend")
            }
            return RankSGP(graph: try SGP.Graph(c))
        default:
            try check(setup.plugin)
            throw UsageError("--backend mpi: \(setup.plugin) has no MPI implementation")
        }
    }
}

/// Runs a `RankAlgorithm` once the task's concrete type is known.
struct RankDriver: TaskVisitor {
    let algorithm: any RankAlgorithm
    let setup: TrialSetup
    let world: MPIWorld
    var recorder = TrialRecorder()

    mutating func visit<T: OptimizationTask>(_ task: T) throws {
        recorder = try algorithm.run(task, setup: setup, world: world)
    }
}
