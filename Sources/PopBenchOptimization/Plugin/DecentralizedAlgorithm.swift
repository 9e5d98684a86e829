import PopBenchCore

/// What every algorithm of the optimization family shares: one default budget and one default
/// target per task (the same for every algorithm, so none is favored) and the common validation
/// (population size, task, data), which algorithms extend with their own parameter checks.
public protocol DecentralizedAlgorithm: Plugin {}

extension DecentralizedAlgorithm {
    public func validate(_ setup: TrialSetup) throws { try validateCommon(setup) }

    /// The checks every algorithm makes: n against the declared minimum, a known task, no more
    /// nodes than training samples.
    func validateCommon(_ setup: TrialSetup) throws {
        try AlgorithmSupport.validate(setup, minimumN: descriptor.minimumN, name: descriptor.name)
    }

    public func defaultBudget(_ setup: TrialSetup) -> Double { OptimizationTasks.defaultBudget(setup) }
    public func defaultTarget(_ setup: TrialSetup) -> Double? { OptimizationTasks.defaultTarget(setup) }
}
