import PopBenchCore
import PopBenchOptimization
import Testing

/// Every algorithm reaches the synthetic linreg optimum and logreg accuracy.
@Suite struct AlgorithmConvergenceTests {
    static let algorithms = OptimizationFamily.catalog.plugins.map(\.descriptor.name)

    @Test(arguments: algorithms)
    func reachesTheSyntheticLinregOptimum(_ algo: String) throws {
        let rec = try Fixture.run(algo, task: "linreg", n: 8, budget: 20_000,
                                  ["d": "10", "samples": "2000", "condition": "4", "noise": "0.01"])
        let dist = try #require(rec.series.metrics["distance"]?.last)
        #expect(rec.status == .ok)
        #expect(dist < 1e-3, "\(algo): relative distance \(dist)")
    }

    @Test(arguments: algorithms)
    func logregReachesNinetyFivePercentTestAccuracy(_ algo: String) throws {
        let rec = try Fixture.run(algo, task: "logreg", n: 8, budget: 2000)
        let acc = try #require(rec.series.metrics["accuracy"]?.last)
        #expect(acc >= 0.95, "\(algo): accuracy \(acc)")
    }

    @Test func diabetesReachesItsLeastSquaresOptimum() throws {
        let rec = try Fixture.run("popsgd", task: "linreg", n: 8, budget: 20_000, ["data": "diabetes"])
        let gap = try #require(rec.series.metrics["loss-gap"]?.last)
        #expect(gap < 1e-2, "loss gap \(gap)")
    }

    @Test(arguments: ["iid", "sorted", "dirichlet"])
    func nonIIDSplitsStillConverge(_ split: String) throws {
        let rec = try Fixture.run("popsgd", task: "logreg", n: 16, budget: 5000, ["split": split, "dirichlet-alpha": "0.1"])
        let acc = try #require(rec.series.metrics["accuracy"]?.last)
        #expect(acc >= 0.93, "\(split): accuracy \(acc)")
    }

    @Test func defaultTargetsAreFiniteAndPositive() throws {
        for task in ["mean", "linreg", "logreg"] {
            let (p, s) = try Fixture.setup("sgd", task: task, n: 8)
            let t = try #require(p.defaultTarget(s))
            #expect(t > 0 && t.isFinite, "\(task): \(t)")
        }
    }
}
