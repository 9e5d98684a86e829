import PopBenchCore

/// A task built for one trial, as a concrete enum so that algorithms specialize on it
/// (`accept` calls a generic visitor; no existential dispatch in the loops).
public enum TaskInstance: Sendable {
    case mean(MeanTask)

    /// Calls `visitor.visit` with the concrete task.
    public func accept<V: TaskVisitor>(_ visitor: inout V) throws {
        switch self {
        case .mean(let t): try visitor.visit(t)
        }
    }
}

/// An algorithm's trial body, generic over the task.
public protocol TaskVisitor {
    mutating func visit<T: OptimizationTask>(_ task: T) throws
}

/// The tasks of the optimization family: declarations, construction, default targets and budgets.
public enum OptimizationTasks {
    /// Every task's declaration.
    public static let descriptors: [TaskDescriptor] = [MeanTask.descriptor]

    /// Names of the tasks every algorithm supports.
    public static var names: [String] { descriptors.map(\.name) }

    /// Builds the task of `setup` (its parameters are in `setup.config`).
    public static func make(_ setup: TrialSetup) throws -> TaskInstance {
        switch setup.task {
        case "mean": return .mean(MeanTask(config: setup.config, nodes: setup.n))
        default:
            throw UsageError("--task: unknown task '\(setup.task)'; known: \(names.joined(separator: ", "))")
        }
    }

    /// Checks what the declared ranges cannot (e.g. more nodes than data samples).
    public static func validate(_ setup: TrialSetup) throws {
        guard names.contains(setup.task) else {
            throw UsageError("--task: unknown task '\(setup.task)'; known: \(names.joined(separator: ", "))")
        }
    }

    /// The default target of the primary metric, in the noise-dominated regime.
    public static func defaultTarget(_ setup: TrialSetup) -> Double? {
        switch setup.task {
        case "mean": MeanTask.defaultTarget(setup.config)
        default: nil
        }
    }

    /// The default run length in parallel time: the same for every algorithm on a task, long
    /// enough that sequential SGD settles below the default target in nearly all trials.
    public static func defaultBudget(_ setup: TrialSetup) -> Double {
        switch setup.task {
        case "mean": 20_000
        default: 10_000
        }
    }
}
