import Foundation
import Testing
import PopBenchTestSupport

/// The MPI backend for real: `mpirun -np 4` of every MPI algorithm on least squares, checked
/// against the closed-form optimum (the task's Cholesky solve), with real wall-clock times.
@Suite(.serialized, .tags(.mpi, .slow)) struct MPIBackendTests {
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
    /// has its own tests below (its one-sided rule does not preserve the mean of the models, so
    /// its real runs depend on the interleaving of the ranks; the symmetric rule is refused on
    /// MPI). Also checks a positive, non-decreasing real wall clock.
    @Test func everyAlgorithmReachesTheLeastSquaresOptimumOnFourRanks() throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        let r = try cli.run(["compare", "--algos", "psgd,localsgd,dpsgd,sgp", "--task", "linreg", "--nodes", "4",
                             "--backend", "mpi", "--trials", "1", "--budget", "4000",
                             "--run-id", "mpi", "--no-plots", "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        let recs = try records(cli, run: "mpi")
        #expect(recs.count == 4)
        for rec in recs {
            let name = rec["plugin"] as? String ?? "?"
            let distances = try distanceSeries(rec)
            #expect(distances.last! < 0.06, "\(name): final relative distance to the optimum \(distances.last!)")
            #expect(distances.first! > 10 * distances.last!, "\(name): distance \(distances.first!) -> \(distances.last!)")
            let wall = try #require(((rec["series"] as? [String: Any])?["clocks"] as? [String: [Double]])?["wall"])
            #expect(wall.first! > 0 && zip(wall, wall.dropFirst()).allSatisfy { $0 <= $1 }, "\(name): wall clock \(wall.prefix(5))")
        }
    }

    /// A name means one rule on both backends: rules whose MPI version would be another rule are
    /// refused before any rank starts, with the reason (exit 2): symmetric PopSGD (both partners
    /// compute H gradients per simulated interaction; a rank cannot make its partner compute) and
    /// OSGP (`--overlap`).
    @Test func rulesWithoutAFaithfulMPIVersionAreRefused() throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        let sym = try cli.run(["run", "popsgd", "--task", "linreg", "--nodes", "2", "--backend", "mpi", "--trials", "1",
                               "--averaging", "symmetric", "--no-plots"])
        #expect(sym.status == 2 && sym.stderr.contains("--averaging: symmetric is not allowed with --backend mpi"), "\(sym.stderr)")
        let osgp = try cli.run(["run", "sgp", "--task", "linreg", "--nodes", "2", "--backend", "mpi", "--trials", "1",
                                "--overlap", "true", "--no-plots"])
        #expect(osgp.status == 2 && osgp.stderr.contains("--overlap: not implemented with --backend mpi"), "\(osgp.stderr)")
    }

    /// PopSGD's one-sided rule (the reference code's: Get the partner's model, average into
    /// one's own) converges on real ranks: final distance below 0.8, from about 1. Its averaging
    /// does not preserve the mean of the models, and which partner model a Get returns is set by
    /// the OS scheduler, not by the seed. Ranks that share cores run in time-slice bursts and
    /// average against partner models a whole segment old, which loses most of the gradient
    /// progress. Measured final distances on an idle machine: 0.018-0.020 with the launcher's
    /// `mpi_yield_when_idle 1`, 0.28-0.32 with `mpi_yield_when_idle 0` (ranks busy-poll, so segments run
    /// one rank after another: about the worst schedule); before the local step was doubled to
    /// match the simulated rule, 0.27 beside the rest of this suite and 0.47-0.54 with yield 0.
    /// On 2026-12-06, with the suite's other tests and a ppsim run beside it on the 2 cores,
    /// 0.603, over the 0.6 this test had then: a bound that tight tests the machine's load (the
    /// serial-schedule test below is the tight one); this one fails when an exchange reads a
    /// wrong or torn model or a step goes the wrong way (the distance then stays near 1 or
    /// grows).
    @Test func oneSidedPopSGDConvergesOnRealRanks() throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        let r = try cli.run(["run", "popsgd", "--task", "linreg", "--nodes", "4", "--backend", "mpi", "--trials", "1",
                             "--budget", "4000", "--averaging", "one-sided", "--run-id", "one", "--no-plots"])
        #expect(r.status == 0, "\(r.stderr)")
        let record = try #require(try records(cli, run: "one").first)
        let distances = try distanceSeries(record)
        #expect(distances.first! > 0.9, "initial relative distance \(distances.first!)")
        #expect(distances.last! < 0.8, "final relative distance \(distances.last!)")
        // Ranks run free between checkpoints: the interactions they performed add up to the run's
        // (grads = H per interaction, H = 1 by default), each rank did some, and the run reached
        // its budget of 4000 n interactions.
        let outcomes = try #require(record["outcomes"] as? [String: Double])
        let least = try #require(outcomes["rank-events-min"]), most = try #require(outcomes["rank-events-max"])
        let grads = try #require(outcomes["grads"])
        #expect(least > 0 && least <= grads / 4 && grads / 4 <= most && grads <= 4 * most, "\(least) \(most) \(grads)")
        #expect(grads >= 4000 * 4, "\(grads)")
    }

    /// Under `--mpi-schedule serial` the ranks take their interactions in global order, so the
    /// real one-sided rule is the simulated one with other random streams: its mean final
    /// distance over 20 trials must match the simulation's over 20 trials (linreg, 4 nodes,
    /// budget 4000) within 20%. Measured: 0.0199 [0.0194, 0.0204] real (40 trials), 0.0200
    /// [0.0195, 0.0206] simulated (60); the standard error of the difference of two 20-trial
    /// means is about 7%, so 20% is about 3 of them. Real ranks whose local step is not doubled
    /// before the halving average (a bug this test found) end 26% farther at these seeds. A rerun of the same
    /// seeds on real ranks is identical to the last bit, since no read depends on timing.
    @Test func serialScheduleMatchesTheSimulatedOneSidedRule() throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        let common = ["--task", "linreg", "--nodes", "4", "--budget", "4000", "--no-plots"]
        func finals(_ run: String) throws -> [Double] {
            try records(cli, run: run).map { try #require(try distanceSeries($0).last) }
        }
        let real = try cli.run(["run", "popsgd", "--backend", "mpi", "--mpi-schedule", "serial", "--trials", "20",
                                "--run-id", "serial"] + common)
        #expect(real.status == 0, "\(real.stderr)")
        let sim = try cli.run(["run", "popsgd", "--trials", "20", "--run-id", "sim"] + common)
        #expect(sim.status == 0, "\(sim.stderr)")
        let r = try finals("serial"), s = try finals("sim")
        #expect(r.count == 20 && s.count == 20)
        let mr = r.reduce(0, +) / Double(r.count), ms = s.reduce(0, +) / Double(s.count)
        #expect(abs(mr / ms - 1) < 0.2, "real serial \(mr) vs simulated \(ms)")
        let again = try cli.run(["run", "popsgd", "--backend", "mpi", "--mpi-schedule", "serial", "--trials", "2",
                                 "--run-id", "again"] + common)
        #expect(again.status == 0, "\(again.stderr)")
        #expect(try finals("again") == Array(r.prefix(2)), "the serial schedule reruns bit for bit")
    }

    /// The synchronous algorithms' real runs do not depend on timing, so each must match its
    /// simulation: mean final distance over 10 real trials within 20% of the mean over 10
    /// simulated ones (linreg, 4 nodes, budget 4000; other random streams). Measured means, real
    /// vs simulated: psgd 0.0158 vs 0.0171 (0.0170 vs 0.0169 at 40 trials each), localsgd 0.0168
    /// vs 0.0170, dpsgd 0.0169 vs 0.0170, sgp 0.0168 vs 0.0160; a 10-trial mean's standard error
    /// is about 3%, so 20% is about 5 standard errors of a difference, while a halved or doubled
    /// step moves the mean by a quarter or more (see the serial-schedule test).
    @Test func synchronousAlgorithmsMatchTheirSimulation() throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        let algos = ["psgd", "localsgd", "dpsgd", "sgp"]
        let common = ["compare", "--algos", algos.joined(separator: ","), "--task", "linreg", "--nodes", "4",
                      "--budget", "4000", "--trials", "10", "--no-plots"]
        let real = try cli.run(common + ["--backend", "mpi", "--run-id", "real"])
        #expect(real.status == 0, "\(real.stderr)")
        let sim = try cli.run(common + ["--run-id", "sim"])
        #expect(sim.status == 0, "\(sim.stderr)")
        func means(_ run: String) throws -> [String: Double] {
            var sums: [String: [Double]] = [:]
            for rec in try records(cli, run: run) {
                sums[rec["plugin"] as? String ?? "?", default: []].append(try #require(try distanceSeries(rec).last))
            }
            return sums.mapValues { $0.reduce(0, +) / Double($0.count) }
        }
        let r = try means("real"), s = try means("sim")
        for algo in algos {
            let mr = try #require(r[algo]), ms = try #require(s[algo])
            #expect(abs(mr / ms - 1) < 0.2, "\(algo): real \(mr) vs simulated \(ms)")
        }
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
        let serialSim = try cli.run(["compare", "--algos", "popsgd", "--task", "linreg", "--mpi-schedule", "serial"])
        #expect(serialSim.status == 2 && serialSim.stderr.contains("--mpi-schedule"), "\(serialSim.stderr)")
        let serialPSGD = try cli.run(["compare", "--algos", "psgd,popsgd", "--task", "linreg", "--nodes", "4",
                                      "--backend", "mpi", "--mpi-schedule", "serial"])
        #expect(serialPSGD.status == 2 && serialPSGD.stderr.contains("serial does not apply to psgd"), "\(serialPSGD.stderr)")
        let badSchedule = try cli.run(["compare", "--algos", "popsgd", "--task", "linreg", "--backend", "mpi", "--mpi-schedule", "lockstep"])
        #expect(badSchedule.status == 2 && badSchedule.stderr.contains("--mpi-schedule"), "\(badSchedule.stderr)")
        #expect(cli.entries("results").isEmpty)
    }
}
