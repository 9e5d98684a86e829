import Foundation
import PopBenchCore

/// What a paper figure's builder may use: the registry, the quick/full setting, the seed, worker
/// threads, and a cache so that figures that ask for the same run (F1 and F7) run it once.
public final class FigureContext: @unchecked Sendable {
    public let registry: Registry
    public let quick: Bool
    public let seed: UInt64
    public let jobs: Int?
    /// Called with a line of progress for people (stderr).
    public let log: @Sendable (String) -> Void
    /// Sharded figures: run one shard's trials, or build from all shards' (nil: run everything).
    public var shardMode: FigureShards.Mode?
    private let lock = NSLock()
    private var cache: [String: Analyzer.Analysis] = [:]

    public init(registry: Registry, quick: Bool, seed: UInt64, jobs: Int?, log: @escaping @Sendable (String) -> Void = { _ in }) {
        self.registry = registry; self.quick = quick; self.seed = seed; self.jobs = jobs; self.log = log
    }

    /// What a figure asks to run: plugins on a task at sizes, with trials, overrides, budget
    /// and (for sweeps) a sequential reference plugin; seed and threads come from the context.
    public struct Request: Sendable, Hashable {
        public var plugins: [String]
        public var task: String
        public var sizes: [Int]
        public var trials: Int
        public var overrides: [String: String] = [:]
        public var budget: Double?
        public var reference: String?

        public init(plugins: [String], task: String, sizes: [Int], trials: Int, overrides: [String: String] = [:],
                    budget: Double? = nil, reference: String? = nil) {
            self.plugins = plugins; self.task = task; self.sizes = sizes; self.trials = trials
            self.overrides = overrides; self.budget = budget; self.reference = reference
        }

        /// A one-line statement of the experiment for captions.
        public var statement: String {
            var s = "\(plugins.joined(separator: ", ")) on task \(task), n = \(sizes.map(String.init).joined(separator: ", ")), \(trials) trials each"
            if let budget { s += ", budget \(ReportFormatter.short(budget)) parallel time" }
            if !overrides.isEmpty { s += ", " + overrides.keys.sorted().map { "--\($0) \(overrides[$0]!)" }.joined(separator: " ") }
            return s
        }
    }

    /// Runs `request` through the study (or returns the cached analysis of an identical one) in
    /// memory; in a shard mode, runs one shard's trials or builds from all shards' records.
    public func run(_ request: Request, id: String) throws -> Analyzer.Analysis {
        let key = "\(request)"
        lock.lock()
        if let cached = cache[key] { lock.unlock(); return cached }
        lock.unlock()
        let missing = request.plugins.filter { name in !registry.plugins.contains { $0.descriptor.name == name } }
        if !missing.isEmpty {
            throw UsageError("plugin\(missing.count > 1 ? "s" : "") missing from the catalog: \(missing.joined(separator: ", ")); known: \(registry.pluginNames.joined(separator: ", "))")
        }
        guard registry.tasks.contains(where: { $0.name == request.task }) else {
            throw UsageError("task '\(request.task)' is missing; known: \(registry.taskNames.joined(separator: ", "))")
        }
        log("\(id): \(request.statement)")
        let study = Study(registry: registry, jobs: jobs)
        let plan = try study.plan(StudyRequest(command: "figures", plugins: request.plugins, reference: request.reference,
                                               task: request.task, sizes: request.sizes, overrides: request.overrides,
                                               budget: request.budget, trials: request.trials, seed: seed))
        let records: [TrialRecord]
        switch shardMode {
        case nil:
            records = try study.run(plan)
        case .run(let shard, let directory)?:
            let mine = try study.run(plan, skip: shard.foreignKeys(of: plan.spec))
            try FigureShards.write(mine, spec: plan.spec, shard: shard, directory: directory)
            // The figure is not written in this mode; the shard's own analysis only lets the
            // builder go on to its next requests (when it cannot be analyzed, they wait).
            guard let partial = try? study.analyze(plan, records: mine, runID: id) else {
                throw FigureShards.Pending(figure: id)
            }
            return partial
        case .merge(let count, let directory)?:
            records = try FigureShards.read(spec: plan.spec, count: count, directory: directory, figure: id)
        }
        let analysis = try study.analyze(plan, records: records, runID: id)
        lock.lock(); cache[key] = analysis; lock.unlock()
        return analysis
    }
}
