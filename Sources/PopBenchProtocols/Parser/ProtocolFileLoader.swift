import Foundation
import PopBenchCore

/// Protocols written by users in YAML files, run like any catalog protocol through the same
/// `ProtocolPlugin`: `popbench protocol FILE ...` or `--algos am3,FILE`.
public enum ProtocolFileLoader {
    /// The loader for `PluginCatalog.fileLoader`: `.yaml`/`.yml` files become plugins; a
    /// malformed file is a `UsageError` (exit 2) whose message is `file:line:column: problem`.
    public static let loader: @Sendable (String) throws -> (any Plugin)? = { path in
        let lower = path.lowercased()
        guard lower.hasSuffix(".yaml") || lower.hasSuffix(".yml") else { return nil }
        do { return try plugin(path: path) } catch let e as ProtocolError {
            throw UsageError(e.description)
        }
    }

    /// Loads and compiles the protocol at `path`; errors are `file:line:column: problem`.
    public static func plugin(path: String) throws -> ProtocolPlugin {
        try plugin(file: try ProtocolFileParser.load(path: path))
    }

    /// The plugin of an already parsed file. Its name is the file's path as given (not its
    /// `name:` field): the harness looks plugins up by name again when it runs and analyzes the
    /// cells, and a path is what the registry knows how to load.
    ///
    /// The default budget is 1000 (ln n + 1) parallel time: generous for the polylogarithmic
    /// protocols the field studies; slower protocols need `--budget`.
    public static func plugin(file: ProtocolFile) throws -> ProtocolPlugin {
        let table = try CompiledProtocol(file.spec)
        let summary = file.summary.isEmpty ? file.spec.name : "\(file.spec.name): \(file.summary)"
        return ProtocolPlugin(
            name: file.path, summary: summary, reference: file.reference,
            goal: ProtocolGoal(task: file.task, leaderSymbol: file.leaderSymbol), bound: file.bound,
            notes: "\(table.stateCount) states, \(table.activeRules.count) non-null ordered rules, from \(file.path)",
            table: { _ in table },
            budget: { setup in 1000 * (Foundation.log(Double(max(setup.n, 2))) + 1) })
    }
}
