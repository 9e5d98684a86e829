/// What a plugin can run on and report, declared once in its descriptor so that every command,
/// figure and measurement selects plugins from the one registry by capability instead of keeping
/// a list of names of its own.
public struct Capabilities: Sendable, Hashable {
    /// The backends that can run a trial of the plugin.
    public var backends: Set<Backend>
    /// How the plugin exchanges models on MPI ranks (nil when it has no MPI implementation).
    public var mpi: MPIExchange?
    /// Why an optimization algorithm has no MPI implementation (shown when `--backend mpi`
    /// refuses it); nil when it has one.
    public var noMPIReason: String?
    /// Whether the plugin can overlap communication with computation (`--overlap`).
    public var overlap: Bool
    /// The clocks its series are recorded on.
    public var clocks: [Clock]
    /// Whether it runs on a population (n nodes or agents): false for a sequential baseline,
    /// which the distributed measurements (throughput, the wall-clock figures) leave out.
    public var distributed: Bool

    public init(backends: Set<Backend> = [.simulated], mpi: MPIExchange? = nil, noMPIReason: String? = nil,
                overlap: Bool = false, clocks: [Clock] = Clock.allCases, distributed: Bool = true) {
        self.backends = backends; self.mpi = mpi; self.noMPIReason = noMPIReason; self.overlap = overlap
        self.clocks = clocks; self.distributed = distributed
        if mpi != nil { self.backends.insert(.mpi) }
    }

    /// A population protocol: simulated only, on parallel time.
    public static let populationProtocol = Capabilities(clocks: [.parallel])

    /// Whether the plugin runs on real MPI ranks.
    public var runsOnMPI: Bool { backends.contains(.mpi) }
}

extension Capabilities {
    /// Where a trial runs.
    public enum Backend: String, Sendable, Hashable, CaseIterable {
        /// In this process, on the simulated clocks (the discrete-event wall clock included).
        case simulated
        /// On real MPI ranks, one per node, with a real wall clock.
        case mpi
    }

    /// How an MPI implementation exchanges models, which decides how a calibrated profile prices
    /// its messages and which `--mpi-schedule`s apply.
    public struct MPIExchange: Sendable, Hashable {
        /// Passive-target RMA epochs on MPI windows (lock, Get or Put, unlock), priced with the
        /// profile's one-sided Get fit; false: two-sided messages and collectives (ping-pong fit).
        public var rma: Bool
        /// Whether the ranks can take turns in global event order (`--mpi-schedule serial`):
        /// only for algorithms whose ranks run without barriers.
        public var serialSchedule: Bool
        /// MPI ranks a cell of `n` nodes runs on: n, or 1 for a sequential algorithm.
        public var sequential: Bool

        public init(rma: Bool = false, serialSchedule: Bool = false, sequential: Bool = false) {
            self.rma = rma; self.serialSchedule = serialSchedule; self.sequential = sequential
        }

        /// The ranks a cell at population size `n` runs on.
        public func ranks(n: Int) -> Int { sequential ? 1 : n }
    }
}
