import PopBenchCore
import PopBenchOptimization

/// Helpers shared by the optimization tests (public API only).
enum Fixture {
    static let registry = Registry([OptimizationFamily.catalog])

    /// A validated setup for `plugin` on `task` with text overrides.
    static func setup(_ plugin: String, task: String = "mean", n: Int, budget: Double? = nil,
                      seed: UInt64 = 1, trial: Int = 0, _ overrides: [String: String] = [:]) throws -> (any Plugin, TrialSetup) {
        let p = try registry.plugin(named: plugin)
        let t = try registry.task(named: task)
        let config = try Configuration(specs: p.descriptor.parameters + t.parameters, overrides: overrides)
        let s = TrialSetup(plugin: plugin, task: task, n: n, config: config, budget: budget, trial: trial, seed: seed)
        try p.validate(s)
        return (p, s)
    }

    /// Runs one trial and returns its recorder.
    static func run(_ plugin: String, task: String = "mean", n: Int, budget: Double? = nil, seed: UInt64 = 1,
                    _ overrides: [String: String] = [:]) throws -> TrialRecorder {
        let (p, s) = try setup(plugin, task: task, n: n, budget: budget, seed: seed, overrides)
        var rng = Xoshiro256(seed: seed)
        var rec = TrialRecorder()
        try p.runTrial(s, rng: &rng, recorder: &rec)
        return rec
    }

    /// Core's time to target (`TimeToTarget.time`) of one recorded trial on `clock`: the first
    /// checkpoint after which `metric` stays at or beyond the target (nil: never settles).
    static func timeToTarget(_ rec: TrialRecorder, metric: String, target: Double, clock: Clock = .parallel,
                             higherIsBetter: Bool = false) -> Double? {
        TimeToTarget.time(rec.series, metric: metric, clock: clock, target: target,
                          direction: higherIsBetter ? .higherIsBetter : .lowerIsBetter)
    }

    static func median(_ v: [Double]) -> Double {
        let s = v.sorted()
        return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
    }

    /// Percentile-bootstrap 95% interval of median(a)/median(b).
    static func bootstrapRatio(_ a: [Double], _ b: [Double], reps: Int = 2000) -> (Double, Double) {
        var rng = Xoshiro256(seed: 42)
        var r: [Double] = []
        for _ in 0..<reps {
            let ra = (0..<a.count).map { _ in a[Int(rng.bounded(UInt64(a.count)))] }
            let rb = (0..<b.count).map { _ in b[Int(rng.bounded(UInt64(b.count)))] }
            r.append(median(ra) / median(rb))
        }
        r.sort()
        return (r[Int(0.025 * Double(reps))], r[Int(0.975 * Double(reps)) - 1])
    }
}
