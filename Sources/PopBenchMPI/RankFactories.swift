import PopBenchCore
import PopBenchOptimization

/// The MPI implementation of every catalog algorithm that declares one (`Capabilities.mpi`),
/// by catalog name: adding an algorithm with MPI support is its plugin file, one line in its
/// family's catalog and one entry here (a test checks that the two sides name the same set).
public enum RankFactories {
    /// The factories of the optimization family's catalog.
    public static let standard: [String: RankFactory] = [
        "sgd": RankFactory { _, _ in RankSGD() },
        "psgd": RankFactory(pricing: { _, _ in Pricing(.allReduce) }) { _, _ in RankPSGD() },
        "localsgd": RankFactory(pricing: { c, _ in Pricing(.allReduce, stepsPerCall: c.int("local-steps")) }) { setup, _ in RankLocalSGD(h: setup.config.int("local-steps")) },
        // Symmetric PopSGD is refused: the simulated rule has both partners compute H gradients
        // per interaction; a rank cannot make its partner compute, so real ranks would run
        // another rule under the same name. Quantized exchange has no MPI version.
        "popsgd": RankFactory(refuse: { c in
            if c["averaging"] != nil, c.string("averaging") == "symmetric" {
                throw UsageError("--averaging: symmetric is not allowed with --backend mpi (the simulated rule has both partners compute H gradients per interaction; a real rank cannot make its partner compute, so the name would mean another rule); allowed: one-sided")
            }
            if c["quantize"] != nil, c.int("quantize") != 0 {
                throw UsageError("--quantize: \(c.int("quantize")) is not allowed with --backend mpi; allowed: 0 (exact models)")
            }
        }, pricing: { c, _ in Pricing(.publishGet, stepsPerCall: c.int("local-steps")) }) { setup, schedule in
            let c = setup.config
            return RankPopSGD(h: c.int("local-steps"), oneSided: c.string("averaging") == "one-sided",
                              serial: schedule == .serial)
        },
        // The ring of n >= 3 is two Sendrecv shifts; two ranks, and the other graphs, an exchange
        // with every neighbour. The simulated round charges deg M / beta, deg the node's degree.
        "dpsgd": RankFactory(pricing: { c, n in
            let kind = try Topology.kind(c.string("topology"))
            let graph = Topology(kind, n: n)
            let degree = graph.degree(0)
            if kind == .ring && n >= 3 { return Pricing(.ringShifts, messages: Double(degree)) }
            // The probe's exchange has one peer each way: it prices a node of degree 1 only.
            guard degree == 1 else {
                throw UsageError("--topology: \(kind.rawValue) at \(n) nodes has no measured communication pattern (calibrate times the ring's); allowed: ring")
            }
            return Pricing(.exchange)
        }) { setup, _ in RankDPSGD(topology: try Topology.kind(setup.config.string("topology"))) },
        // OSGP (`--overlap`) keeps the previous round's message in flight while the next is
        // computed; the MPI ranks do not.
        "sgp": RankFactory(refuse: { c in
            if c["overlap"] != nil, c.bool("overlap") {
                throw UsageError("--overlap: not implemented with --backend mpi (OSGP keeps the previous round's message in flight while the next is computed; the MPI ranks do not); drop --overlap or use the simulated backend")
            }
        }, pricing: { _, _ in Pricing(.exchange) }) { _, _ in RankSGP() },
    ]
}
