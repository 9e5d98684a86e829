import Benchmark
import PopBenchCore
import PopBenchOptimization

/// Kernel benchmarks for the optimization family: gradient evaluations per second on linreg and
/// logreg, and PopSGD interactions per second at n = 64 (mean with d = 1 and d = 10, linreg d = 50).
func registerOptimizationBenchmarks() {
    let config = Benchmark.Configuration(metrics: [.wallClock, .throughput, .mallocCountTotal],
                                         scalingFactor: .kilo, maxDuration: .seconds(3))

    func setup(_ plugin: String, _ task: String, n: Int, budget: Double, _ overrides: [String: String]) -> TrialSetup {
        let p = OptimizationFamily.catalog.plugins.first { $0.descriptor.name == plugin }!
        let t = OptimizationFamily.catalog.tasks.first { $0.name == task }!
        let c = try! Configuration(specs: p.descriptor.parameters + t.parameters, overrides: overrides)
        return TrialSetup(plugin: plugin, task: task, n: n, config: c, budget: budget, seed: 1)
    }

    // Gradient evaluations: one scaled iteration = 1 gradient.
    for task in ["linreg", "logreg"] {
        let s = setup("sgd", task, n: 64, budget: 1, [:])
        let instance = try! OptimizationTasks.make(s)
        Benchmark("optimization.gradient.\(task)", configuration: config) { benchmark in
            var rng = Xoshiro256(seed: 1)
            func run<T: OptimizationTask>(_ t: T) {
                let x = [Double](repeating: 0.01, count: t.dimension)
                var g = [Double](repeating: 0, count: t.dimension)
                x.withUnsafeBufferPointer { xb in
                    g.withUnsafeMutableBufferPointer { gb in
                        benchmark.startMeasurement()
                        for i in benchmark.scaledIterations {
                            t.gradient(node: i & 63, at: xb.baseAddress!, into: gb.baseAddress!, rng: &rng)
                        }
                        benchmark.stopMeasurement()
                    }
                }
                blackHole(g)
            }
            switch instance {
            case .linreg(let t): run(t)
            case .logreg(let t): run(t)
            case .mean(let t): run(t)
            case .cnn(let t): run(t)
            }
        }
    }

    // PopSGD interactions at n = 64: one scaled iteration = 1 interaction. Each run is one whole
    // trial (the plugin's own loop: pair choice, two gradients, averaging, cost model, log-spaced
    // checkpoints) of exactly scalingFactor interactions (1e6; 1e3 at d = 1000), so throughput
    // reads interactions/s.
    let cases: [(String, Int, BenchmarkScalingFactor)] = [("mean", 1, .mega), ("mean", 10, .mega), ("mean", 1000, .kilo), ("linreg", 50, .mega)]
    for (task, d, scale) in cases {
        let interactions = scale.rawValue
        let s = setup("popsgd", task, n: 64, budget: Double(interactions) / 64, task == "mean" ? ["d": String(d)] : [:])
        _ = try! OptimizationTasks.make(s)   // build (and cache) the data outside the measurement
        Benchmark("optimization.popsgd.\(task).d\(d).n64.interactions",
                  configuration: .init(metrics: [.wallClock, .throughput], scalingFactor: scale,
                                       maxDuration: .seconds(5), maxIterations: 20)) { benchmark in
            var rng = Xoshiro256(seed: 1)
            var rec = TrialRecorder()
            benchmark.startMeasurement()
            try! PopSGD().runTrial(s, rng: &rng, recorder: &rec)
            benchmark.stopMeasurement()
            precondition(rec.outcomes["parallel"] == Double(interactions) / 64, "the trial must run exactly \(interactions) interactions")
            blackHole(rec)
        }
    }
}
