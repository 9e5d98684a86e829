import Foundation
import PopBenchCore

/// The tasks of the optimization family: declarations and construction (default targets and
/// budgets: `NoiseRegime.swift`).
public enum OptimizationTasks {
    /// Every task's declaration.
    public static let descriptors: [TaskDescriptor] = [MeanTask.descriptor, LinRegTask.descriptor, LogRegTask.descriptor, CNNTask.descriptor]

    /// Names of the tasks every algorithm supports.
    public static var names: [String] { descriptors.map(\.name) }

    /// Builds the task of `setup` (its parameters are in `setup.config`). Data tasks are built
    /// once per (task parameters, n) and shared by all trials (they are immutable values).
    public static func make(_ setup: TrialSetup) throws -> TaskInstance {
        let key = cacheKey(setup)
        if let t = cache.task(key) { return t }
        let t: TaskInstance
        switch setup.task {
        case "mean": t = .mean(MeanTask(config: setup.config, nodes: setup.n))
        case "linreg": t = .linreg(try LinRegTask(config: setup.config, nodes: setup.n))
        case "logreg": t = .logreg(try LogRegTask(config: setup.config, nodes: setup.n))
        case CNNTask.name: t = .cnn(try CNNTask(config: setup.config, nodes: setup.n))
        default:
            throw UsageError("--task: unknown task '\(setup.task)'; known: \(names.joined(separator: ", "))")
        }
        cache.store(key, t)
        return t
    }

    /// Checks what the declared ranges cannot: a known task, and no more nodes than training
    /// samples (building the task finds out, and caches it for the trials).
    public static func validate(_ setup: TrialSetup) throws {
        guard names.contains(setup.task) else {
            throw UsageError("--task: unknown task '\(setup.task)'; known: \(names.joined(separator: ", "))")
        }
        _ = try make(setup)
    }

    static func cacheKey(_ setup: TrialSetup) -> String {
        let params = descriptors.first { $0.name == setup.task }?.parameters ?? []
        return setup.task + "|n=\(setup.n)|" + params.map { "\($0.name)=\(setup.config[$0.name] ?? $0.defaultValue)" }.joined(separator: ",")
    }

    static let cache = TaskCache()
}

/// Built tasks and default targets, shared across trials and threads (guarded by a lock).
final class TaskCache: @unchecked Sendable {
    private let lock = NSLock()
    private var tasks: [String: TaskInstance] = [:]
    private var targets: [String: Double] = [:]

    func task(_ key: String) -> TaskInstance? { lock.withLock { tasks[key] } }
    func store(_ key: String, _ t: TaskInstance) {
        lock.withLock {
            if tasks.count > 64 { tasks.removeAll() }
            tasks[key] = t
        }
    }
    func target(_ key: String) -> Double? { lock.withLock { targets[key] } }
    func storeTarget(_ key: String, _ v: Double) { lock.withLock { targets[key] = v } }
}
