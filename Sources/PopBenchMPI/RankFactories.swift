import PopBenchCore
import PopBenchOptimization

/// The MPI implementation of every catalog algorithm that declares one (`Capabilities.mpi`),
/// by catalog name: adding an algorithm with MPI support is its plugin file, one line in its
/// family's catalog and one entry here (a test checks that the two sides name the same set).
public enum RankFactories {
    /// The factories of the optimization family's catalog.
    public static let standard: [String: RankFactory] = [
        "sgd": RankFactory { _, _ in RankSGD() },
        "psgd": RankFactory { _, _ in RankPSGD() },
        "localsgd": RankFactory { setup, _ in RankLocalSGD(h: setup.config.int("local-steps")) },
        "popsgd": RankFactory { setup, schedule in
            let c = setup.config
            guard c.int("quantize") == 0 else {
                throw UsageError("--quantize: \(c.int("quantize")) is not allowed with --backend mpi; allowed: 0 (exact models)")
            }
            return RankPopSGD(h: c.int("local-steps"), oneSided: c.string("averaging") == "one-sided",
                              serial: schedule == .serial)
        },
        "dpsgd": RankFactory { setup, _ in RankDPSGD(topology: try Topology.kind(setup.config.string("topology"))) },
        "sgp": RankFactory { _, _ in RankSGP() },
    ]
}
