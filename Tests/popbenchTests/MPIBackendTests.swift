import Foundation
import Testing

/// The MPI backend for real: `mpirun -np 4` of every MPI algorithm on least squares, checked
/// against the closed-form optimum (the task's Cholesky solve), with real wall-clock times.
@Suite(.serialized) struct MPIBackendTests {
    init() {
        // A hung mpirun fails the test (and stops its ranks) instead of hanging the suite.
        setenv("POPBENCH_MPI_TIMEOUT", "300", 0)
    }

    func records(_ cli: CLIRunner, run: String) throws -> [[String: Any]] {
        String(decoding: try cli.read("results/\(run)/trials.jsonl"), as: UTF8.self).split(separator: "\n").map {
            (try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]) ?? [:]
        }
    }

    /// Every algorithm with an MPI implementation, on 4 ranks, ends within 6% of the optimum
    /// (relative distance ||x_bar - x*|| / ||x*|| of the average model, from about 1 at the start).
    /// The gradient-noise floor falls as 1/sqrt(budget): at budget 2000 simulated runs ended at
    /// 2.1-2.7% and real ones at 2.2-2.7%; at 4000 the floor is about 1.6-2%, so 6% leaves room
    /// for timing while a wrong step or a broken exchange (distance near 1) still fails. PopSGD
    /// runs its symmetric rule here, which preserves the mean of the models whatever the
    /// interleaving of the ranks (its default one-sided rule has its own test below).
    /// Also checks a positive, non-decreasing real wall clock.
    @Test func everyAlgorithmReachesTheLeastSquaresOptimumOnFourRanks() throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        let r = try cli.run(["compare", "--algos", "psgd,popsgd,localsgd,dpsgd,sgp", "--task", "linreg", "--nodes", "4",
                             "--backend", "mpi", "--trials", "1", "--budget", "4000", "--averaging", "symmetric",
                             "--run-id", "mpi", "--no-plots", "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        let recs = try records(cli, run: "mpi")
        #expect(recs.count == 5)
        for rec in recs {
            let name = rec["plugin"] as? String ?? "?"
            let distances = try distanceSeries(rec)
            #expect(distances.last! < 0.06, "\(name): final relative distance to the optimum \(distances.last!)")
            #expect(distances.first! > 10 * distances.last!, "\(name): distance \(distances.first!) -> \(distances.last!)")
            let wall = try #require(((rec["series"] as? [String: Any])?["clocks"] as? [String: [Double]])?["wall"])
            #expect(wall.first! > 0 && zip(wall, wall.dropFirst()).allSatisfy { $0 <= $1 }, "\(name): wall clock \(wall.prefix(5))")
        }
    }

    /// PopSGD's one-sided rule (the reference code's: Get the partner's model, average into
    /// one's own) converges on real ranks: final distance below 0.6, from about 1. Its averaging
    /// does not preserve the mean of the models, and which partner model a Get returns is set by
    /// the OS scheduler, not by the seed. Ranks that share cores run in time-slice bursts and
    /// average against partner models a whole segment old, which loses most of the gradient
    /// progress. Measured final distances: 0.019-0.035 on an idle machine with the launcher's
    /// `mpi_yield_when_idle 1`; 0.27 (twice) beside the rest of this test suite, yield or not;
    /// 0.47-0.54 with `mpi_yield_when_idle 0` on an idle machine (ranks busy-poll, so segments run
    /// one rank after another: about the worst schedule). A tighter bound would test the
    /// machine's load; this one fails when an exchange reads a wrong or torn model or a step
    /// goes the wrong way (the distance then stays near 1 or grows).
    @Test func oneSidedPopSGDConvergesOnRealRanks() throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        let r = try cli.run(["run", "popsgd", "--task", "linreg", "--nodes", "4", "--backend", "mpi", "--trials", "1",
                             "--budget", "4000", "--averaging", "one-sided", "--run-id", "one", "--no-plots"])
        #expect(r.status == 0, "\(r.stderr)")
        let distances = try distanceSeries(try #require(try records(cli, run: "one").first))
        #expect(distances.first! > 0.9, "initial relative distance \(distances.first!)")
        #expect(distances.last! < 0.6, "final relative distance \(distances.last!)")
    }

    /// The relative distance to the optimum at every checkpoint of one trial record.
    func distanceSeries(_ rec: [String: Any]) throws -> [Double] {
        let metrics = try #require((rec["series"] as? [String: Any])?["metrics"] as? [String: [Double]])
        let distances = try #require(metrics["distance"])
        try #require(!distances.isEmpty)
        return distances
    }

    /// Bad MPI input: one-line errors naming the field, exit 2, before anything runs.
    @Test func badMPIInputIsAUsageError() throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        let ad = try cli.run(["compare", "--algos", "psgd,adpsgd", "--task", "linreg", "--nodes", "4", "--backend", "mpi"])
        #expect(ad.status == 2 && ad.stderr.contains("adpsgd has no MPI implementation"), "\(ad.stderr)")
        let ranks = try cli.run(["compare", "--algos", "psgd", "--task", "linreg", "--nodes", "4", "--backend", "mpi", "--ranks", "3"])
        #expect(ranks.status == 2 && ranks.stderr.contains("--ranks"), "\(ranks.stderr)")
        let backend = try cli.run(["compare", "--algos", "psgd", "--task", "linreg", "--backend", "gpu"])
        #expect(backend.status == 2 && backend.stderr.contains("--backend"), "\(backend.stderr)")
        #expect(cli.entries("results").isEmpty)
    }
}
