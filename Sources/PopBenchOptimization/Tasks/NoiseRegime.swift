import Foundation
import PopBenchCore

/// Default targets and run lengths of the optimization tasks, placed in the noise-dominated
/// regime of the theorems (DESIGN.md, "Time to target").
///
/// With the capped schedule eta_t = min(1/L, 1/(mu t)) SGD spends about kappa = L/mu steps in
/// its bias phase, where the step is the constant cap and the initial distance decides the
/// error. A decentralized algorithm cannot shorten that phase by adding nodes: in parallel time
/// PopSGD's mean model is SGD with a mini-batch of 2n and a step capped at 2/L per unit, so its
/// time to an error e is about max(T_bias(e), T_SGD(e) / (2n)). Linear speedup up to n nodes
/// (the theorems' "large enough T") therefore needs a target that SGD reaches only after
/// K >> 2 n kappa steps. The default target is SGD's mean error after
///
///     K = clamp(400 kappa, 1,000, 100,000)
///
/// steps (400 kappa is about 6 x 64 kappa: noise dominated up to n = 64, the top of the default
/// sweep). On mean estimation kappa = 1, so K = 1,000 and the target is sigma^2 d / 1000 in
/// closed form; on the default synthetic `linreg` (d = 50, condition 10: L = tr E[a a^T] ~ 19.7,
/// mu ~ 0.086, kappa ~ 228) K ~ 91,000. The cap bounds the reference cost when mu is only a
/// loose lower bound (`logreg`: mu = l2).
///
/// The default budget leaves every algorithm room to settle: max(20,000, 4 K / n) units of
/// parallel time for the decentralized algorithms (linear speedup reaches the target near
/// K / n), and max(20,000, 4 K) for sequential SGD, so that the cost of a run does not grow
/// with n while no algorithm is stopped before four times the linear-speedup prediction.
extension OptimizationTasks {
    /// Factor of kappa in the reference step count K.
    public static let noiseRegimeFactor = 400.0
    /// Bounds of K.
    public static let referenceStepRange = 1_000...100_000

    /// K, the number of sequential SGD steps whose mean error is the default target.
    public static func referenceSteps(_ setup: TrialSetup) -> Int {
        guard names.contains(setup.task), let task = try? make(referenceSetup(setup)) else {
            return referenceStepRange.lowerBound
        }
        let k = (noiseRegimeFactor * task.conditionNumber).rounded(.up)
        guard k.isFinite else { return referenceStepRange.upperBound }
        return Int(Swift.min(Swift.max(k, Double(referenceStepRange.lowerBound)), Double(referenceStepRange.upperBound)))
    }

    /// The default target of the primary metric: the mean error of sequential SGD (default
    /// schedule) after K steps. Closed form on `mean`; on data tasks the mean over 16 reference
    /// runs with fixed seeds, computed once per task configuration. The runs use the whole data
    /// set as one shard (the same objective as equal iid or sorted shards), so that every n of a
    /// sweep gets the same target; a Dirichlet split, whose unequal shards reweight the
    /// objective, uses its own n.
    public static func defaultTarget(_ setup: TrialSetup) -> Double? {
        if setup.task == "mean" { return MeanTask.defaultTarget(setup.config) }
        if setup.task == CNNTask.name { return CNNTask.defaultTarget(setup.config) }
        guard names.contains(setup.task) else { return nil }
        let reference = referenceSetup(setup)
        let key = cacheKey(reference)
        if let v = cache.target(key) { return v }
        guard let task = descriptors.first(where: { $0.name == setup.task }),
              var config = try? Configuration(specs: SGD().descriptor.parameters, overrides: [:]) else { return nil }
        for p in task.parameters { config[p.name] = setup.config[p.name] ?? p.defaultValue }
        let steps = Double(referenceSteps(setup))
        var sum = 0.0
        let runs = 16
        for r in 0..<runs {
            let s = TrialSetup(plugin: "sgd", task: setup.task, n: reference.n, config: config, budget: steps,
                               trial: r, seed: UInt64(0x7A12_0000 + r))
            var rng = Xoshiro256(seed: s.seed)
            var rec = TrialRecorder()
            guard (try? SGD().runTrial(s, rng: &rng, recorder: &rec)) != nil,
                  let v = rec.outcomes[OutcomeName.finalValue], v.isFinite else { return nil }
            sum += v
        }
        let v = sum / Double(runs)
        cache.storeTarget(key, v)
        return v
    }

    /// The default run length in parallel time: max(20,000, 4 K / n), with n = 1 for a
    /// `sequential` algorithm (SGD). 20,000 on mean estimation, whatever n.
    /// `cnn` (non-convex; its mu and L only shape the step): 20 epochs of sequential SGD for
    /// every algorithm (`CNNTask.defaultBudget`).
    public static func defaultBudget(_ setup: TrialSetup, sequential: Bool = false) -> Double {
        if setup.task == CNNTask.name { return CNNTask.defaultBudget(setup.config) }
        let k = Double(referenceSteps(setup))
        let n = sequential ? 1 : Swift.max(setup.n, 1)
        return Swift.max(20_000, (4 * k / Double(n)).rounded(.up))
    }

    /// The setup the reference runs use: one shard (n = 1) unless the split is Dirichlet.
    static func referenceSetup(_ setup: TrialSetup) -> TrialSetup {
        var s = setup
        if setup.config["split"]?.description != Shards.Kind.dirichlet.rawValue { s.n = 1 }
        return s
    }
}
