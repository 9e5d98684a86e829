import PopBenchCore

/// What all algorithm plugins share: the step-size and cost-model parameters, the supported
/// tasks, the common checks, and the defaults that must not favor any algorithm.
public enum AlgorithmSupport {
    /// Parameters every algorithm declares (schedule + cost model), after its own.
    public static let commonParameters: [ParameterSpec] = StepSchedule.parameters + CostModel.parameters

    /// The tasks every algorithm runs on.
    public static var tasks: [String] { OptimizationTasks.names }

    /// Checks shared by all algorithms: population size, task, schedule and cost model.
    public static func validate(_ setup: TrialSetup, minimumN: Int, name: String) throws {
        if setup.n < minimumN {
            throw UsageError("--n: \(setup.n) is too small for \(name); allowed: n >= \(minimumN)")
        }
        try OptimizationTasks.validate(setup)
        _ = try StepSchedule(setup.config)
        _ = try CostModel(setup.config, dimension: 1)
        if let b = setup.budget, !(b > 0) || !b.isFinite {
            throw UsageError("--budget: \(formatReal(b)) is out of range; allowed: a positive number")
        }
    }

    /// Total events of a run: budget (parallel time) times events per unit, at least 1.
    public static func events(budget: Double, perUnit: Double) -> Int {
        let e = (budget * perUnit).rounded(.up)
        return e >= 1 ? Int(Swift.min(e, 9e15)) : 1
    }
}

extension AlgorithmSupport {
    /// Reads an integer parameter and checks it against `range`, naming the field.
    static func int(_ config: Configuration, _ name: String, in range: ClosedRange<Int>) throws -> Int {
        guard config[name] != nil else { throw UsageError("--\(name): missing") }
        let v = config.int(name)
        guard range.contains(v) else {
            throw UsageError("--\(name): \(v) is out of range; allowed: \(range.lowerBound)...\(range.upperBound)")
        }
        return v
    }
}
