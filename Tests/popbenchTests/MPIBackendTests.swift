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
    /// 2.1-2.7% and real ones at 2.2-2.7%, and one real one-sided PopSGD run at budget 1500 ended
    /// at 6.1%; at 4000 the floor is about 1.6-2%, so 6% leaves room for the one-sided rule's
    /// drift of the mean while a wrong step or a broken exchange (distance near 1) still fails.
    /// One-sided PopSGD gets 15%: its averaging does not preserve the mean of the models, and on
    /// real ranks the interleaving of Gets and steps (so the drift) is set by timing, not by the
    /// seed: real runs at budget 4000 ended at 2-3% and once at 9.3% (a loaded machine).
    /// Also checks a positive, non-decreasing real wall clock.
    @Test func everyAlgorithmReachesTheLeastSquaresOptimumOnFourRanks() throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        let r = try cli.run(["compare", "--algos", "psgd,popsgd,localsgd,dpsgd,sgp", "--task", "linreg", "--nodes", "4",
                             "--backend", "mpi", "--trials", "1", "--budget", "4000", "--averaging", "one-sided",
                             "--run-id", "mpi", "--no-plots", "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        let recs = try records(cli, run: "mpi")
        #expect(recs.count == 5)
        for rec in recs {
            let name = rec["plugin"] as? String ?? "?"
            let series = try #require(rec["series"] as? [String: Any], "\(name)")
            let metrics = try #require(series["metrics"] as? [String: [Double]])
            let distances = try #require(metrics["distance"], "\(name)")
            let bound = name == "popsgd" ? 0.15 : 0.06
            #expect(distances.last! < bound, "\(name): final relative distance to the optimum \(distances.last!)")
            #expect(distances.first! > 10 * distances.last!, "\(name): distance \(distances.first!) -> \(distances.last!)")
            let wall = try #require((series["clocks"] as? [String: [Double]])?["wall"])
            #expect(wall.first! > 0 && zip(wall, wall.dropFirst()).allSatisfy { $0 <= $1 }, "\(name): wall clock \(wall.prefix(5))")
        }
    }

    /// PopSGD's symmetric rule (both windows locked, Get then Put) also reaches the optimum.
    @Test func symmetricPopSGDReachesTheOptimum() throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        let r = try cli.run(["run", "popsgd", "--task", "linreg", "--nodes", "4", "--backend", "mpi", "--trials", "1",
                             "--budget", "4000", "--run-id", "sym", "--no-plots"])
        #expect(r.status == 0, "\(r.stderr)")
        let rec = try #require(try records(cli, run: "sym").first)
        let metrics = try #require((rec["series"] as? [String: Any])?["metrics"] as? [String: [Double]])
        let distance = try #require(metrics["distance"]?.last)
        #expect(distance < 0.06, "final relative distance \(distance)")
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
