import PopBenchCore
import PopBenchOptimization

/// The fixed regression suite of `popbench check`: quality metrics (time to target, final error,
/// protocol convergence times), deterministic counts at fixed seeds, and speeds relative to the
/// calibration kernel. Names are stable keys of `results/baseline.json`.
public enum CheckSuite {
    /// Every metric, in report order.
    public static let metrics: [CheckMetric] = quality + exact + speed

    static let quality: [CheckMetric] = [
        trialMetric("quality/popsgd/mean/n64/time_to_target", plugin: "popsgd", task: "mean", n: 64,
                    quantity: .timeToTarget, direction: .lowerIsBetter, unit: "node-steps", quick: 20, full: 40),
        trialMetric("quality/sgd/mean/time_to_target", plugin: "sgd", task: "mean", n: 64,
                    quantity: .timeToTarget, direction: .lowerIsBetter, unit: "node-steps", quick: 20, full: 40),
        trialMetric("quality/popsgd/mean/n64/final_error", plugin: "popsgd", task: "mean", n: 64,
                    quantity: .final, direction: .lowerIsBetter, unit: "squared error", quick: 20, full: 40),
        trialMetric("quality/popsgd/linreg/n16/final_loss_gap", plugin: "popsgd", task: "linreg", n: 16,
                    quantity: .final, direction: .lowerIsBetter, unit: "loss gap", quick: 20, full: 40),
        trialMetric("quality/sgd/cnn/final_accuracy", plugin: "sgd", task: "cnn", n: 1, budget: 220,
                    quantity: .final, direction: .higherIsBetter, unit: "test accuracy", quick: 5, full: 15),
        trialMetric("quality/epidemic/broadcast/n1000/time", plugin: "epidemic", task: "broadcast", n: 1000,
                    quantity: .outcome(OutcomeName.time), direction: .lowerIsBetter, unit: "parallel time", quick: 100, full: 300),
        trialMetric("quality/am3/majority/n1000/time", plugin: "am3", task: "majority", n: 1000,
                    quantity: .outcome(OutcomeName.time), direction: .lowerIsBetter, unit: "parallel time", quick: 100, full: 300),
        trialMetric("quality/em4/majority/n1000/time", plugin: "em4", task: "majority", n: 1000,
                    quantity: .outcome(OutcomeName.time), direction: .lowerIsBetter, unit: "parallel time", quick: 100, full: 300),
    ]

    /// Interaction counts at fixed seeds: any change in an engine's random stream or rules shows.
    static let exact: [CheckMetric] = [
        exactCount("exact/epidemic/broadcast/n1000/interactions", plugin: "epidemic", task: "broadcast", n: 1000),
        exactCount("exact/le-trivial/leader/n100/interactions", plugin: "le-trivial", task: "leader", n: 100),
    ]

    static let speed: [CheckMetric] = [
        speedMetric("speed/agent-engine/epidemic/n100000", plugin: "epidemic", task: "broadcast", n: 100_000,
                    overrides: ["engine": "agent"], units: { $0.outcomes[OutcomeName.interactions] ?? 0 }),
        speedMetric("speed/batch-engine/am3/n1e8", plugin: "am3", task: "majority", n: 100_000_000,
                    overrides: ["engine": "batch"], units: { $0.outcomes[OutcomeName.interactions] ?? 0 }),
        CheckMetric(name: "speed/cnn/step/batch32", kind: .speed, direction: .higherIsBetter, tolerance: speedTolerance,
                    unit: "steps/s per calibration read/s", quickSamples: 5, fullSamples: 10) { samples, _, _ in
            let step = CNNTrainingStep(batch: 32)
            return Measurements.relativeSpeed(samples: samples) {
                for _ in 0..<100 { step.step() }
                return 100
            }
        },
        speedMetric("speed/popsgd/mean/d1000/gradients", plugin: "popsgd", task: "mean", n: 64,
                    overrides: ["d": "1000"], budget: 20, units: { $0.series?.clocks[Clock.grads.rawValue]?.last ?? 0 }),
    ]

    /// Relative tolerances: a quality change under 10% (speed: 25%) never fails, however significant.
    static let qualityTolerance = 0.10
    static let speedTolerance = 0.25

    static func trialMetric(_ name: String, plugin: String, task: String, n: Int, budget: Double? = nil,
                            quantity: Measurements.Quantity, direction: MetricDirection, unit: String,
                            quick: Int, full: Int) -> CheckMetric {
        CheckMetric(name: name, kind: .quality, direction: direction, tolerance: qualityTolerance, unit: unit,
                    quickSamples: quick, fullSamples: full) { samples, seed, context in
            try Measurements.trials(plugin, task: task, n: n, budget: budget, quantity: quantity, samples: samples,
                                    seed: seed, context: context)
        }
    }

    static func exactCount(_ name: String, plugin: String, task: String, n: Int) -> CheckMetric {
        CheckMetric(name: name, kind: .exact, direction: .lowerIsBetter, tolerance: 0, unit: "interactions",
                    quickSamples: 20, fullSamples: 20) { _, _, context in
            // Fixed seed and sample count: deterministic whatever the check's seed.
            try Measurements.trials(plugin, task: task, n: n, overrides: ["engine": "agent"],
                                    quantity: .outcome(OutcomeName.interactions), samples: 20, seed: 20_261_125, context: context)
        }
    }

    /// Units of work per second of one trial, relative to the calibration kernel: trial 0 warms
    /// up, then trials 1...samples are timed one at a time on this thread, each after a fresh
    /// calibration (seeds derived under the experiment name `check-speed`).
    static func speedMetric(_ name: String, plugin: String, task: String, n: Int, overrides: [String: String],
                            budget: Double? = nil, units: @escaping @Sendable (TrialRecord) -> Double) -> CheckMetric {
        CheckMetric(name: name, kind: .speed, direction: .higherIsBetter, tolerance: speedTolerance,
                    unit: "units/s per calibration read/s", quickSamples: 5, fullSamples: 10) { samples, seed, context in
            let study = Study(registry: context.registry, jobs: 1)
            let plan = try study.plan(StudyRequest(command: "check", experiment: "check-speed", plugins: [plugin], task: task,
                                                   sizes: [n], overrides: overrides, budget: budget, trials: samples + 1,
                                                   seed: seed, keepSeries: true))
            _ = try study.runOne(plan, trial: 0) // warm-up: caches, lazy statics, page faults
            return try (1...samples).map { trial in
                let calibration = SpeedCalibration.rate()
                let timed = try study.runOne(plan, trial: trial)
                return units(timed.record) / timed.seconds / calibration
            }
        }
    }
}
