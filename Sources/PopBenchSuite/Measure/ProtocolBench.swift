import Foundation
import PopBenchCore
import PopBenchProtocols

/// The measurements behind `popbench bench protocols`: interactions per
/// second of an engine on a catalog protocol at a population size, wall-clock timed.
public enum ProtocolBench {
    /// One row of the bench table.
    public struct Row: Sendable, Hashable, Codable {
        public var plugin: String
        public var engine: String
        public var n: Int
        public var trials: Int
        /// Interactions simulated in all trials.
        public var interactions: Double
        public var seconds: Double
        public var interactionsPerSecond: Double
        /// Mean convergence parallel time over the trials.
        public var meanTime: Double
        /// Trials that converged within the budget.
        public var converged: Int
    }

    /// The default grid: the agent engine on am3 (10^3, 10^6) and em4 (10^6); the batch engine on
    /// every catalog protocol at 10^6 (le-trivial, linear in n, at 10^4) and on am3, em4 and
    /// the epidemic at 10^8; `large` adds 10^10 and 10^12 for those three.
    public static func defaultGrid(large: Bool = false) -> [(plugin: String, engine: EngineKind, n: Int)] {
        var g: [(String, EngineKind, Int)] = [("am3", .agent, 1_000), ("am3", .agent, 1_000_000), ("em4", .agent, 1_000_000)]
        for p in ["am3", "em4", "epidemic", "avc", "cancel-split", "le-fast"] { g.append((p, .batch, 1_000_000)) }
        g.append(("le-trivial", .batch, 10_000))
        let ns = large ? [100_000_000, 10_000_000_000, 1_000_000_000_000] : [100_000_000]
        for n in ns { for p in ["am3", "em4", "epidemic"] { g.append((p, .batch, n)) } }
        return g
    }

    /// Times `trials` trials of `plugin` (a catalog name) on `engine` at population `n`, with the
    /// task defaults (gap 0.01), one after another on one thread, through the study (experiment
    /// `bench`, seeds derived from `seed`). `budget` caps each trial at that parallel time (nil:
    /// the plugin's default budget). The seconds are the trials' `runTrial` times added up.
    public static func run(plugin name: String, engine: EngineKind, n: Int, trials: Int = 1,
                           seed: UInt64 = 1, budget: Double? = nil) throws -> Row {
        _ = try Catalog.plugin(named: name, family: .protocol, field: "bench")
        let study = Study(registry: registry, jobs: 1)
        let plan = try study.plan(StudyRequest(command: "bench", experiment: "bench", plugins: [name], task: nil, sizes: [n],
                                               overrides: ["engine": engine.rawValue], budget: budget, trials: trials,
                                               seed: seed, keepSeries: false))
        let timed = try study.runTimed(plan)
        let total = timed.reduce(0) { $0 + ($1.record.outcomes[OutcomeName.interactions] ?? 0) }
        let timeSum = timed.reduce(0) { $0 + ($1.record.outcomes[OutcomeName.time] ?? 0) }
        let secs = timed.reduce(0) { $0 + $1.seconds }
        return Row(plugin: name, engine: engine.rawValue, n: n, trials: trials, interactions: total,
                   seconds: secs, interactionsPerSecond: total / max(secs, 1e-9),
                   meanTime: timeSum / Double(trials), converged: timed.filter { $0.record.status == .ok }.count)
    }

    /// The stretch of `bench protocols --n` without `--budget`: the batch engine runs each trial to
    /// this parallel time (most of a run of every catalog protocol at gap 0.01), and the agent
    /// engine is timed over the same stretch by phases (`agentOverStretch`).
    public static let fullCap = 50.0

    /// The registry the benchmarks draw their protocols from (the one registry).
    static var registry: Registry { Catalog.registry }

    /// Every catalog protocol at every n of `ns`, on the agent and the batch engine (the grid
    /// of `bench protocols --n`).
    /// Protocols without an engine choice (gossip averaging runs on its own loop) are left out:
    /// their "agent" and "batch" rows would time the same thing twice.
    public static func engineGrid(ns: [Int]) -> [(plugin: String, engine: EngineKind, n: Int)] {
        let withEngines = registry.plugins.filter { $0.descriptor.family == .protocol }.filter { p in
            let task = registry.tasks.first { $0.name == p.descriptor.tasks.first }
            return (p.descriptor.parameters + (task?.parameters ?? [])).contains { $0.name == "engine" }
        }.map(\.descriptor.name)
        var g: [(String, EngineKind, Int)] = []
        for n in ns {
            for p in withEngines {
                g.append((p, .agent, n)); g.append((p, .batch, n))
            }
        }
        return g
    }

    /// The engine `auto` runs for catalog plugin `name` at n (with its default parameters).
    public static func autoEngine(plugin name: String, n: Int) throws -> EngineKind {
        let plugin = try Catalog.plugin(named: name, family: .protocol, field: "bench")
        let (table, _) = try ProtocolExport.compiled(plugin, n: n)
        return EngineKind.auto.resolved(n: n, table: table)
    }

    /// Runs the whole grid.
    public static func run(grid: [(plugin: String, engine: EngineKind, n: Int)], trials: Int = 1,
                           seed: UInt64 = 1) throws -> [Row] {
        try grid.map { try run(plugin: $0.plugin, engine: $0.engine, n: $0.n, trials: trials, seed: seed) }
    }
}
