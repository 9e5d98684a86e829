import Foundation
import PopBenchCore

/// How check metrics and figures take their samples: trials of a plugin through the harness,
/// deterministic counts at fixed seeds, and speeds relative to a calibration kernel.
public enum Measurements {
    /// What to extract from each trial.
    public enum Quantity: Sendable {
        /// Time to the task's default target on the node-steps clock (gradient evaluations per
        /// node), measured on the node-level mean of the primary metric (+inf when never settled).
        case timeToTarget
        /// The final value of the task's primary metric.
        case final
        /// A named outcome (protocols: `time`, `interactions`).
        case outcome(String)
    }

    /// Runs `samples` trials of `plugin` on `task` at `n` and returns one value per trial.
    public static func trials(_ plugin: String, task: String, n: Int, overrides: [String: String] = [:], budget: Double? = nil,
                              quantity: Quantity, samples: Int, seed: UInt64, context: CheckContext) throws -> [Double] {
        let study = Study(registry: context.registry, jobs: context.jobs)
        let plan = try study.plan(StudyRequest(command: "check", plugins: [plugin], task: task, sizes: [n], overrides: overrides,
                                               budget: budget, trials: samples, seed: seed, keepSeries: true))
        let records = try study.run(plan)
        return records.map { r in
            switch quantity {
            case .timeToTarget:
                guard let primary = plan.task.primary, let target = plan.spec.cells[0].target, let series = r.series else { return .infinity }
                let nodes = Quality.nodesMean.seriesName(of: primary.name)
                let metric = series.metrics[nodes] != nil ? nodes : primary.name
                return TimeToTarget.time(series, metric: metric, clock: .nodeSteps, target: target,
                                         direction: primary.direction) ?? .infinity
            case .final:
                return r.status == .diverged ? .nan : (r.outcomes[OutcomeName.finalValue] ?? .nan)
            case .outcome(let name):
                return r.status == .ok ? (r.outcomes[name] ?? .infinity) : .infinity
            }
        }
    }

    /// Times `work` (which returns how many units it did) `samples` times, each run divided by
    /// the calibration kernel's rate measured just before it, so the ratio is comparable across
    /// machines and under load.
    public static func relativeSpeed(samples: Int, work: () throws -> Double) rethrows -> [Double] {
        var out: [Double] = []
        _ = try work() // warm-up: caches, lazy statics, page faults
        for _ in 0..<samples {
            let calibration = SpeedCalibration.rate()
            let start = DispatchTime.now().uptimeNanoseconds
            let units = try work()
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            out.append(units / seconds / calibration)
        }
        return out
    }
}
