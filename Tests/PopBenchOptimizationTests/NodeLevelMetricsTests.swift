import Testing
import PopBenchCore
import PopBenchOptimization

/// Node-level quality and the node-steps clock, checked against identities that hold exactly.
@Suite struct NodeLevelMetricsTests {
    /// On mean estimation (1/n) sum_i ||x_i - x*||^2 = ||x_bar - x*||^2 + Gamma at every
    /// checkpoint (the cross term vanishes because sum_i (x_i - x_bar) = 0); the worst node is
    /// never better than the mean node.
    @Test func nodesMeanIsAverageErrorPlusGamma() throws {
        for plugin in ["popsgd", "dpsgd", "adpsgd", "localsgd", "sgp"] {
            let rec = try Fixture.run(plugin, n: 8, budget: 200, ["d": "4", "heterogeneity": "2"])
            let m = rec.series.metrics
            let avg = try #require(m["error"]), mean = try #require(m["error@nodes-mean"])
            let worst = try #require(m["error@nodes-worst"]), gamma = try #require(m["gamma"])
            #expect(avg.count == mean.count && mean.count == gamma.count && worst.count == mean.count)
            for k in avg.indices {
                #expect(abs(mean[k] - (avg[k] + gamma[k])) <= 1e-9 * max(1, mean[k]), "\(plugin) checkpoint \(k)")
                #expect(worst[k] >= mean[k] - 1e-12)
            }
            #expect(rec.outcomes["final:error@nodes-mean"] == mean.last)
            #expect(rec.outcomes["final:gamma"] == gamma.last)
        }
    }

    /// node-steps = gradients / n for the decentralized algorithms (symmetric PopSGD: 2 per
    /// interaction, so twice its parallel time; one-sided PopSGD: 1 per event, H with H local
    /// steps) and = steps for sequential SGD, whose one model makes all three qualities equal.
    @Test func nodeStepsCountGradientsPerNode() throws {
        let pop = try Fixture.run("popsgd", n: 16, budget: 50, ["averaging": "symmetric"])
        let c = pop.series.clocks
        let steps = try #require(c["node-steps"]), grads = try #require(c["grads"]), parallel = try #require(c["parallel"])
        for k in steps.indices {
            #expect(abs(steps[k] - grads[k] / 16) < 1e-9)
            #expect(abs(steps[k] - 2 * parallel[k]) < 1e-9)
        }
        for (h, perUnit) in [(1, 1.0), (3, 3.0)] {
            let one = try Fixture.run("popsgd", n: 16, budget: 50, ["averaging": "one-sided", "local-steps": "\(h)"])
            let s = try #require(one.series.clocks["node-steps"]), p = try #require(one.series.clocks["parallel"])
            #expect(zip(s, p).allSatisfy { abs($0 - perUnit * $1) < 1e-9 }, "one-sided H = \(h)")
        }
        let swarm = try Fixture.run("popsgd", n: 16, budget: 50, ["local-steps": "3", "averaging": "symmetric"])
        let s3 = try #require(swarm.series.clocks["node-steps"]), p3 = try #require(swarm.series.clocks["parallel"])
        #expect(zip(s3, p3).allSatisfy { abs($0 - 6 * $1) < 1e-9 })
        let sgd = try Fixture.run("sgd", n: 16, budget: 100)
        #expect(sgd.series.clocks["node-steps"] == sgd.series.clocks["grads"])
        #expect(sgd.series.metrics["error"] == sgd.series.metrics["error@nodes-mean"])
        #expect(sgd.series.metrics["error"] == sgd.series.metrics["error@nodes-worst"])
    }

    /// The mean task's default target in closed form: (sigma^2 + zeta_hat^2) d / K, with
    /// K = clamp(c H (1 + omega) max(2 n kappa, n^2), 1,000, 100,000), c = 3.125, kappa = 1: the
    /// disagreement term n^2 decides from n = 18 on.
    @Test func meanTargetAccountsForHeterogeneityLocalStepsAndN() throws {
        let (p, s) = try Fixture.setup("popsgd", n: 64, ["d": "10"])
        // 3.125 * 64^2 = 12,800.
        #expect(abs(try #require(p.defaultTarget(s)) - 10.0 / 12_800) < 1e-15)
        let (_, small) = try Fixture.setup("popsgd", n: 16, ["d": "10"])
        #expect(OptimizationTasks.referenceSteps(small) == 1000)   // 3.125 * 256 = 800, below the floor
        let (_, big) = try Fixture.setup("popsgd", n: 512, ["d": "10"])
        #expect(OptimizationTasks.referenceSteps(big) == 100_000)  // 3.125 * 512^2 = 819,200, capped
        let (_, local) = try Fixture.setup("popsgd", n: 64, ["d": "10", "local-steps": "4"])
        #expect(OptimizationTasks.referenceSteps(local) == 51_200)
        let (_, quantized) = try Fixture.setup("popsgd", n: 64, ["d": "16", "quantize": "2"])
        // b = 2: s = 1 level, omega = min(16, 4) = 4: K = 3.125 * 5 * 4096 = 64,000.
        #expect(OptimizationTasks.referenceSteps(quantized) == 64_000)
        // Heterogeneity: the spread of this task's own offsets enters the noise SGD sees.
        let task = MeanTask(dimension: 10, nodes: 64, sigma: 1, heterogeneity: 3, dataSeed: 1)
        var spread = 0.0
        for i in 0..<64 { for k in 0..<10 { let r = task.centers[i * 10 + k] - task.optimum[k]; spread += r * r } }
        let expected = (1 + spread / 640) * 10 / 1000
        #expect(abs(task.defaultTarget(steps: 1000) - expected) < 1e-15)
        #expect(expected > 8 * 10.0 / 1000)  // zeta = 3: about (1 + 9) times the iid target
    }
}
