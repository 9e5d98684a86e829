import Foundation
import Testing

/// Issue 4, "Done when": the decentralized-SGD claims, end to end through the CLI at fixed seeds.
@Suite struct OptimizationClaimsTests {
    func report(_ stdout: String) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(stdout.utf8)) as? [String: Any])
    }

    /// Linear speedup: with the default target (noise-dominated regime) PopSGD's time to target
    /// on synthetic least squares falls like 1/n in parallel time: log-log slope in [-1.15, -0.85].
    @Test func popsgdSweepOnLinregHasLinearSpeedup() throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        let r = try cli.run(["sweep", "--algos", "popsgd", "--task", "linreg", "--nodes", "2,4,8,16,32",
                             "--seed", "1", "--json", "--no-plots"])
        #expect(r.status == 0, "\(r.stderr)")
        let fits = try #require(try report(r.stdout)["fits"] as? [[String: Any]])
        let fit = try #require(fits.first { ($0["plugin"] as? String) == "popsgd" })
        #expect(fit["clock"] as? String == "parallel")
        let slope = try #require(fit["loglog_slope"] as? Double)
        #expect(slope >= -1.15 && slope <= -0.85, "log-log slope \(slope)")
    }

    /// Stragglers: with lognormal compute times (sigma 1.5, the heaviest of 32 nodes about 15x the
    /// mean) the asynchronous and gossip algorithms reach the target before synchronous PSGD on
    /// the simulated wall clock, with disjoint 95% CIs of the median, and `--clock wall` puts the
    /// comparisons on that clock.
    @Test func gossipBeatsAllReduceUnderStragglersOnTheWallClock() throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        let r = try cli.run(["compare", "--algos", "psgd,adpsgd,popsgd,sgp", "--task", "linreg", "--nodes", "32",
                             "--compute", "lognormal", "--clock", "wall", "--seed", "1", "--json", "--no-plots"])
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
        #expect(comparisons.count == 3 && comparisons.allSatisfy { $0["clock"] as? String == "wall" && $0["baseline"] as? String == "psgd" })
        #expect(comparisons.allSatisfy { ($0["ci_low"] as? Double ?? 0) > 1 }, "\(comparisons)")
    }

    @Test func unknownClockIsAUsageError() throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        let r = try cli.run(["compare", "--algos", "sgd", "--clock", "sundial"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("--clock") && r.stderr.contains("wall"), "\(r.stderr)")
    }
}
