import Foundation

/// All plugins and tasks known to popbench, gathered from the family catalogs.
///
/// Lookups fail with a `UsageError` that lists the known names, so a typo gets a useful message.
public struct Registry: Sendable {
    public let plugins: [any Plugin]
    public let tasks: [TaskDescriptor]
    private let fileLoaders: [@Sendable (String) throws -> (any Plugin)?]
    private let estimators: [@Sendable (TrialSetup) throws -> ResourceEstimate?]

    public init(_ catalogs: [PluginCatalog]) {
        plugins = catalogs.flatMap(\.plugins)
        tasks = catalogs.flatMap(\.tasks)
        fileLoaders = catalogs.compactMap(\.fileLoader)
        estimators = catalogs.compactMap(\.resourceEstimator)
        let names = plugins.map(\.descriptor.name)
        precondition(Set(names).count == names.count, "duplicate plugin names in catalogs: \(names)")
    }

    /// Catalog names, sorted.
    public var pluginNames: [String] { plugins.map(\.descriptor.name).sorted() }
    public var taskNames: [String] { tasks.map(\.name).sorted() }

    /// The plugin called `name`, or loaded from the file at path `name`.
    public func plugin(named name: String) throws -> any Plugin {
        if let p = plugins.first(where: { $0.descriptor.name == name }) { return p }
        if name.contains("/") || name.contains(".") {
            guard FileManager.default.fileExists(atPath: name) else {
                throw UsageError("--algos: no plugin or file named '\(name)'; known plugins: \(pluginNames.joined(separator: ", "))")
            }
            for load in fileLoaders {
                if let p = try load(name) { return p }
            }
            throw UsageError("--algos: '\(name)' is not a file popbench can load (protocol files end in .yaml, .yml or .json)")
        }
        throw UsageError("--algos: unknown algorithm '\(name)'; known: \(pluginNames.joined(separator: ", "))")
    }

    /// What one trial of `setup` needs, from the first family that knows its task (which may
    /// refuse the setup with a `UsageError`); nil when no family gives an estimate.
    public func resourceEstimate(_ setup: TrialSetup) throws -> ResourceEstimate? {
        for estimate in estimators {
            if let e = try estimate(setup) { return e }
        }
        return nil
    }

    /// The task called `name`.
    public func task(named name: String) throws -> TaskDescriptor {
        guard let t = tasks.first(where: { $0.name == name }) else {
            throw UsageError("--task: unknown task '\(name)'; known: \(taskNames.joined(separator: ", "))")
        }
        return t
    }
}
