import Foundation
import Testing
import PopBenchTestSupport

/// The decentralized-SGD claims, end to end through the CLI at fixed seeds.
@Suite struct OptimizationClaimsTests {
    func report(_ stdout: String) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(stdout.utf8)) as? [String: Any])
    }

    /// Near-linear speedup: with the default target (noise-dominated regime) PopSGD's time to
    /// target on synthetic least squares, on node-steps and the mean node's error, falls nearly
    /// like 1/n. Measured at seed 1 under the default one-sided rule: slope -0.779 [-0.828, -0.730]
    /// (nodes-mean); under the symmetric rule -0.849 [-0.894, -0.804] (nodes-mean), -0.865
    /// [-0.917, -0.814] (avg): slightly sublinear at n <= 32, so the window is [-1.15, -0.75],
    /// which still rejects the sqrt(n) law (-0.5) and a flat line by a wide margin.
    @Test func popsgdSweepOnLinregHasLinearSpeedup() throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        let r = try cli.run(["sweep", "--algos", "popsgd", "--task", "linreg", "--nodes", "2,4,8,16,32",
                             "--seed", "1", "--json", "--no-plots"])
        #expect(r.status == 0, "\(r.stderr)")
        let fits = try #require(try report(r.stdout)["fits"] as? [[String: Any]])
        let fit = try #require(fits.first { ($0["plugin"] as? String) == "popsgd" })
        #expect(fit["clock"] as? String == "node-steps")
        let slope = try #require(fit["loglog_slope"] as? Double)
        #expect(slope >= -1.15 && slope <= -0.75, "log-log slope \(slope)")
    }

    /// Stragglers: with lognormal compute times (sigma 1.5, the heaviest of 32 nodes about 15x the
    /// mean) the asynchronous and gossip algorithms reach the target before synchronous PSGD on
    /// the simulated wall clock, with disjoint 95% CIs of the median, and `--clock wall` puts the
    /// comparisons on that clock. PopSGD runs its symmetric (mean-preserving) rule here, which
    /// reaches the target at every sigma up to 2; its one-sided default has its own test below.
    @Test func gossipBeatsAllReduceUnderStragglersOnTheWallClock() throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        let r = try cli.run(["compare", "--algos", "psgd,adpsgd,popsgd,sgp", "--task", "linreg", "--nodes", "32",
                             "--compute", "lognormal", "--averaging", "symmetric", "--clock", "wall", "--seed", "1",
                             "--json", "--no-plots"])
        #expect(r.status == 0, "\(r.stderr)")
        let json = try report(r.stdout)
        let rows = try #require(json["rows"] as? [[String: Any]])
        func wall(_ plugin: String) throws -> (low: Double, high: Double) {
            let row = try #require(rows.first {
                $0["plugin"] as? String == plugin && $0["metric"] as? String == "time_to_target" && $0["clock"] as? String == "wall"
            })
            #expect(row["success_rate"] as? Double == 1, "\(plugin) did not always reach the target")
            return (try #require(row["ci_low"] as? Double), try #require(row["ci_high"] as? Double))
        }
        let psgd = try wall("psgd")
        for algo in ["adpsgd", "popsgd", "sgp"] {
            let ci = try wall(algo)
            #expect(ci.high < psgd.low, "\(algo) wall CI \(ci) overlaps psgd's \(psgd)")
        }
        let comparisons = try #require(json["comparisons"] as? [[String: Any]])
        let onWall = comparisons.filter { $0["clock"] as? String == "wall" }
        #expect(onWall.count == 3 && onWall.allSatisfy { $0["baseline"] as? String == "psgd" })
        #expect(comparisons.first?["clock"] as? String == "wall", "the chosen clock heads the comparisons")
        #expect(onWall.allSatisfy { ($0["ci_low"] as? Double ?? 0) > 1 }, "\(onWall)")
    }

    @Test func unknownClockIsAUsageError() throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        let r = try cli.run(["compare", "--algos", "sgd", "--clock", "sundial"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("--clock") && r.stderr.contains("wall"), "\(r.stderr)")
    }

    /// Fits that do not overclaim: sequential SGD's time does not depend on n, so at three
    /// sizes with three trials its best shape by AICc is the constant law and its log-log slope's
    /// CI contains 0 (fixed seed; under this null the constant law ranks first about 92% of the
    /// time, see HonestStatisticsTests).
    @Test func sgdFitIsFlat() throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        let r = try cli.run(["compare", "--algos", "sgd,popsgd", "--task", "mean", "--nodes", "8,16,32", "--trials", "3",
                             "--json", "--no-plots"])
        #expect(r.status == 0, "\(r.stderr)")
        let fits = try #require(try report(r.stdout)["fits"] as? [[String: Any]])
        let sgd = try #require(fits.first { $0["plugin"] as? String == "sgd" })
        #expect(sgd["best_shape"] as? String == "b")
        let low = try #require(sgd["loglog_slope_ci_low"] as? Double), high = try #require(sgd["loglog_slope_ci_high"] as? Double)
        #expect(low <= 0 && 0 <= high, "slope CI [\(low), \(high)]")
        #expect((sgd["points"] as? [[String: Any]])?.count == 3)
    }

    /// On a ring with heterogeneous nodes (zeta = 3) D-PSGD's average model looks fine but each
    /// node's own model stays about Gamma away from the optimum: on the default node-level
    /// metric D-PSGD is no faster than PSGD per node-step.
    @Test func dpsgdIsNoFasterThanPSGDOnNodeLevelQualityUnderHeterogeneity() throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        let r = try cli.run(["compare", "--algos", "psgd,dpsgd", "--task", "mean", "--nodes", "64", "--heterogeneity", "3",
                             "--trials", "10", "--json", "--no-plots"])
        #expect(r.status == 0, "\(r.stderr)")
        let comparisons = try #require(try report(r.stdout)["comparisons"] as? [[String: Any]])
        let c = try #require(comparisons.first { $0["clock"] as? String == "node-steps" })
        #expect((c["ci_high"] as? Double ?? 2) <= 1, "\(c)")
    }
    /// PopSGD's default one-sided rule under lognormal compute (linreg, 32 nodes, `--clock wall
    /// --compute lognormal`) against PSGD, AD-PSGD and SGP: with reads of the
    /// partner's published copy (the reference loop) it settles at the target on the wall clock in
    /// every trial at sigma 1.5 (measured 10/10, median 7.0 s); at sigma 2 the rule stalls
    /// (measured 0/10, final distance 0.10), and compare states that in a `finding:` line naming
    /// the rule and sigma. 4 trials each at fixed seeds.
    @Test func oneSidedPopSGDUnderStragglersAndTheFinding() throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        func run(_ sigma: String) throws -> (Double, String) {
            let r = try cli.run(["compare", "--algos", "popsgd", "--task", "linreg", "--nodes", "32", "--trials", "4",
                                 "--compute", "lognormal", "--straggler-sigma", sigma, "--clock", "wall", "--seed", "1",
                                 "--json", "--no-plots"])
            #expect(r.status == 0, "\(r.stderr)")
            let rows = try #require(try report(r.stdout)["rows"] as? [[String: Any]])
            let row = try #require(rows.first { $0["metric"] as? String == "time_to_target" && $0["clock"] as? String == "wall" })
            return (try #require(row["success_rate"] as? Double), r.stderr)
        }
        let (settled, quiet) = try run("1.5")
        #expect(settled == 1, "sigma 1.5: success rate \(settled)")
        #expect(!quiet.contains("finding:"), "\(quiet)")
        #expect(quiet.contains("wall clock: simulated with the default costs"), "\(quiet)")
        let (stalled, finding) = try run("2")
        #expect(stalled < 0.5, "sigma 2: success rate \(stalled)")
        #expect(finding.contains("finding: popsgd (averaging one-sided") && finding.contains("straggler-sigma 2"), "\(finding)")
    }
}
