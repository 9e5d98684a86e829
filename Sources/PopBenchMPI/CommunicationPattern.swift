import PopBenchCore
import PopBenchOptimization

/// The communication one event of a rank algorithm performs, as its MPI implementation calls it.
/// `popbench calibrate` times each pattern on the ranks themselves (every rank taking part, as in
/// a run), so that `validate-model` prices an algorithm by what its ranks actually do rather than
/// by a ping-pong between two ranks: per-call overheads, the synchronisation a collective or an
/// exchange waits for, and the copies around the transfer are all in the measured time.
public enum CommunicationPattern: String, Sendable, Codable, CaseIterable {
    /// `MPI_Allreduce` (sum) of the model over every rank: PSGD each round, Local SGD every H steps.
    case allReduce = "allreduce"
    /// `MPI_Irecv` from the left neighbour, `MPI_Isend` to the right one, `MPI_Waitall`: an SGP
    /// push round, and D-PSGD's exchange on two ranks.
    case exchange
    /// Two `MPI_Sendrecv` shifts (to the right, then to the left): D-PSGD's ring of n >= 3.
    case ringShifts = "ring-shifts"
    /// One-sided PopSGD's interaction: publish the model into the own window (exclusive lock,
    /// copy, unlock), then lock(shared)/`MPI_Get`/unlock of a partner's window.
    case publishGet = "publish-get"

    /// What a row of `calibrate`'s table calls it.
    public var label: String {
        switch self {
        case .allReduce: "all-reduce (MPI_Allreduce)"
        case .exchange: "exchange (Irecv/Isend/Waitall)"
        case .ringShifts: "ring shifts (2 MPI_Sendrecv)"
        case .publishGet: "publish + one-sided Get"
        }
    }
}

/// How a rank algorithm's events are priced from a measured pattern: which pattern one event
/// performs (per round; Local SGD's all-reduce and PopSGD's interaction are spread over their H
/// steps by the simulated algorithm itself), and how many model-sized messages the simulated
/// algorithm charges for it (D-PSGD charges deg M / beta per round; the others one M).
public struct Pricing: Sendable, Hashable {
    public var pattern: CommunicationPattern
    public var messages: Double
    /// SGD steps between two calls of the pattern (Local SGD's and PopSGD's H): the first follows
    /// the call, the others run back to back.
    public var stepsPerCall: Int

    public init(_ pattern: CommunicationPattern, messages: Double = 1, stepsPerCall: Int = 1) {
        self.pattern = pattern; self.messages = messages; self.stepsPerCall = Swift.max(stepsPerCall, 1)
    }

    /// Seconds per step of the simulated compute time: one step after the call (`afterCall`, its
    /// caches disturbed by the communication library) and H - 1 back to back (`backToBack`).
    /// Measured 5 December 2026 on 2 busy ranks: 2.96e-7 s after a call, about 1e-7 back to back;
    /// pricing every Local SGD step (H = 4) at the first value predicted 1.4-1.6 times its cost.
    public func computeTime(afterCall: Double, backToBack: Double?) -> Double {
        let h = Double(stepsPerCall)
        return (afterCall + (h - 1) * (backToBack ?? afterCall)) / h
    }

    /// The cost-model latency and bandwidth under which the simulated algorithm at n nodes charges
    /// exactly t(M) = alpha + M / beta per event: the all-reduce formula of the cost model (ring,
    /// 2(n-1) a + 2((n-1)/n) M / b) solved for a and b; a point-to-point charge a + messages M / b
    /// likewise.
    public func costModelOverrides(latency alpha: Double, bandwidth beta: Double, n: Int) -> [String: String] {
        switch pattern {
        case .allReduce:
            let m = Double(Swift.max(n - 1, 1))
            return ["latency": "\(alpha / (2 * m))", "bandwidth": "\(beta * 2 * m / Double(Swift.max(n, 2)))",
                    "allreduce": CostModel.AllReduce.ring.rawValue]
        case .exchange, .ringShifts, .publishGet:
            return ["latency": "\(alpha)", "bandwidth": "\(beta * messages)"]
        }
    }
}
