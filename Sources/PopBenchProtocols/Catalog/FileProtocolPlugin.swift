import Foundation
import PopBenchCore

/// A protocol written by a user in a YAML file, run like any catalog plugin:
/// `popbench protocol FILE ...` or `--algos am3,FILE`.
public struct FileProtocolPlugin: Plugin {
    /// The parsed file.
    public let file: ProtocolFile
    /// Its compiled table.
    public let table: CompiledProtocol

    /// Loads and compiles the protocol at `path`; errors are `file:line:column: problem`.
    public init(path: String) throws {
        file = try ProtocolFileParser.load(path: path)
        table = try CompiledProtocol(file.spec)
    }

    /// Compiles an already parsed file.
    public init(file: ProtocolFile) throws {
        self.file = file
        table = try CompiledProtocol(file.spec)
    }

    /// The loader for `PluginCatalog.fileLoader`: `.yaml`/`.yml` files become plugins; a
    /// malformed file is a `UsageError` (exit 2) whose message is `file:line:column: problem`.
    public static let loader: @Sendable (String) throws -> (any Plugin)? = { path in
        let lower = path.lowercased()
        guard lower.hasSuffix(".yaml") || lower.hasSuffix(".yml") else { return nil }
        do { return try FileProtocolPlugin(path: path) } catch let e as ProtocolError {
            throw UsageError(e.description)
        }
    }

    /// The plugin name is the file's path as given (not its `name:` field): the harness looks
    /// plugins up by name again when it runs and analyzes the cells, and a path is what the
    /// registry knows how to load.
    public var descriptor: PluginDescriptor {
        PluginDescriptor(
            name: file.path, family: .protocol, summary: file.summary.isEmpty ? file.spec.name : "\(file.spec.name): \(file.summary)",
            reference: file.reference,
            tasks: [file.task], parameters: [ProtocolTasks.engineParameter], predictedBound: file.bound,
            notes: "\(table.stateCount) states, \(table.activeRules.count) non-null ordered rules, from \(file.path)",
            minimumN: 2)
    }

    /// Checks n, that the file's initial configuration resolves at this n (counts that add up
    /// to more than n, or a majority task without a majority state, are input errors), and refuses
    /// the batch engine (naming the rule) for a count predicate it cannot decide exactly
    /// (`batchPredicateProblem`); `auto` runs such files on the agent engine.
    public func validate(_ setup: TrialSetup) throws {
        if setup.n < descriptor.minimumN {
            throw UsageError("--n: \(setup.n) is too small for \(descriptor.name); allowed: n >= \(descriptor.minimumN)")
        }
        do {
            if file.task == "majority" {
                _ = try TaskChecks.majorityCounts(table, setup: setup)
            } else {
                _ = try table.initialCounts(n: setup.n)
            }
        } catch let e as ProtocolError {
            throw UsageError("\(file.path): \(e.message) (at n = \(setup.n))")
        }
        if [.batch, .tau].contains(ProtocolTrial.engine(setup)), let problem = table.batchPredicateProblem {
            throw UsageError("engine: \(ProtocolTrial.engine(setup).rawValue) is not allowed for \(file.path): \(problem)")
        }
    }

    /// 1000 (ln n + 1) parallel time: generous for the polylogarithmic protocols the field
    /// studies; slower protocols need `--budget`.
    public func defaultBudget(_ setup: TrialSetup) -> Double { 1000 * (Foundation.log(Double(max(setup.n, 2))) + 1) }

    public func runTrial(_ setup: TrialSetup, rng: inout Xoshiro256, recorder: inout TrialRecorder) throws {
        switch file.task {
        case "majority":
            let (counts, maj) = try TaskChecks.majorityCounts(table, setup: setup)
            try ProtocolTrial.run(table, counts: counts, setup: setup, budget: defaultBudget(setup), rng: &rng,
                                  recorder: &recorder, correct: TaskChecks.consensus(on: maj, table))
        case "leader":
            try ProtocolTrial.run(table, counts: try table.initialCounts(n: setup.n), setup: setup,
                                  budget: defaultBudget(setup), rng: &rng, recorder: &recorder,
                                  correct: TaskChecks.uniqueLeader(symbol: file.leaderSymbol, table))
        default:
            try ProtocolTrial.run(table, counts: try table.initialCounts(n: setup.n), setup: setup,
                                  budget: defaultBudget(setup), rng: &rng, recorder: &recorder)
        }
    }
}
