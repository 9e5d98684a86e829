import Foundation
import PopBenchCore
import PopBenchOptimization

/// Simulated throughput under the cost model, for `popbench throughput`: gradient evaluations
/// (samples) per simulated wall-clock second.
///
/// The seed paper's throughput figure (samples/s against n at 16-64 nodes; Nadiradze, Sabour,
/// Davies, Li, Alistarh, SwarmSGD, NeurIPS 2021, and Lian et al., AD-PSGD, ICML 2018) is reproduced on one machine by
/// running each algorithm for `budget` units of parallel time and dividing the gradients it
/// evaluated by the simulated wall clock the cost model charged for them. The ideal is n /
/// compute-time (every node computing all the time, communication free); efficiency is the
/// measured rate over the ideal. What the model predicts per unit of work:
///
/// - `psgd`: one round = the slowest of n gradients + a ring all-reduce 2(n-1) alpha +
///   2((n-1)/n) M/beta; the latency term grows with n, so its rate saturates near
///   n / (c + 2(n-1) alpha) -> 1/(2 alpha) when latency dominates.
/// - gossip (`dpsgd`, `sgp`) and pairwise (`popsgd`, `adpsgd`): each node pays its own
///   compute plus a constant number of alpha + M/beta exchanges, whatever n: near linear.
/// - `localsgd`: the all-reduce is paid once per H local steps.
public enum Throughput {
    /// One measurement.
    public struct Point: Sendable, Hashable {
        public var plugin: String
        public var n: Int
        /// Gradient evaluations per simulated second.
        public var samplesPerSecond: Double
        public var grads: Double
        public var wall: Double
    }

    /// One row of the table: an algorithm at one n over `trials` seeds.
    public struct Row: Sendable, Hashable, Codable {
        public var plugin: String
        public var n: Int
        public var trials: Int
        /// Mean samples per simulated second over the trials, with its 95% Student-t interval.
        public var samplesPerSecond: Double
        public var ciLow: Double
        public var ciHigh: Double
        /// sum over nodes of 1 / (s_i c): every node computing all the time at its own speed, free communication.
        public var ideal: Double
        /// samplesPerSecond / ideal.
        public var efficiency: Double

        enum CodingKeys: String, CodingKey {
            case plugin, n, trials, ideal, efficiency
            case samplesPerSecond = "samples_per_second", ciLow = "ci_low", ciHigh = "ci_high"
        }
    }

    /// What to measure.
    public struct Request: Sendable, Hashable {
        public var plugins: [String]
        public var nodes: [Int]
        public var task: String
        /// Parallel time simulated per trial.
        public var budget: Double
        public var trials: Int
        /// Cost-model (and other parameter) texts by parameter name: `latency`, `bandwidth`,
        /// `model-bytes`, `compute`, `compute-time`, `straggler-sigma`.
        public var overrides: [String: String]
        public var seed: UInt64

        /// Every distributed algorithm of the catalog (the seed paper's figure has them all).
        public static var defaultPlugins: [String] { Catalog.distributedAlgorithms() }

        public init(plugins: [String] = defaultPlugins, nodes: [Int] = [16, 32, 64], task: String = "linreg",
                    budget: Double = 100, trials: Int = 5, overrides: [String: String] = [:], seed: UInt64 = 1) {
            self.plugins = plugins; self.nodes = nodes; self.task = task; self.budget = budget
            self.trials = trials; self.overrides = overrides; self.seed = seed
        }
    }

    /// Checks `request` before any work: known algorithms and task, n >= 2 and within the task's
    /// data, trials >= 1, budget > 0, cost-model values in range (one-line `UsageError`s).
    public static func validate(_ request: Request, registry: Registry = Catalog.registry) throws {
        guard !request.plugins.isEmpty else { throw UsageError("--algos: give at least one algorithm") }
        guard !request.nodes.isEmpty else { throw UsageError("--nodes: give at least one number of nodes") }
        if let n = request.nodes.first(where: { $0 < 2 }) {
            throw UsageError("--nodes: \(n) is too small; allowed: n >= 2")
        }
        if request.trials < 1 { throw UsageError("--trials: \(request.trials) is not allowed; allowed: a whole number >= 1") }
        if !(request.budget > 0) || !request.budget.isFinite {
            throw UsageError("--budget: \(formatReal(request.budget)) is out of range; allowed: a positive number")
        }
        for name in request.plugins {
            let (plugin, specs) = try resolve(plugin: name, task: request.task, registry: registry)
            let config = try Configuration(specs: specs, overrides: try NetworkProfile.expand(request.overrides))
            for n in request.nodes {
                try plugin.validate(TrialSetup(plugin: name, task: request.task, n: n, config: config, budget: request.budget))
            }
        }
    }

    /// Measures every algorithm at every n: the mean over `trials` seeds of samples per
    /// simulated second, plugin-major then by n. Trials run through the study (experiment
    /// `throughput`), so each (algorithm, cost setting, n, trial) has its own derived seed.
    public static func run(_ request: Request, registry: Registry = Catalog.registry) throws -> [Row] {
        try validate(request, registry: registry)
        var rows: [Row] = []
        for name in request.plugins {
            let (plan, records) = try trials(plugin: name, task: request.task, nodes: request.nodes, budget: request.budget,
                                             overrides: request.overrides, trials: request.trials, seed: request.seed,
                                             registry: registry)
            for (c, cell) in plan.spec.cells.enumerated() {
                let rates = records.filter { $0.cell == c }.map { point($0).samplesPerSecond }
                let ideal = try CostModel(cell.config, dimension: 1).idealRate(n: cell.n)
                let mean = Statistics.mean(rates)
                let ci = (try? Statistics.meanInterval(rates)) ?? Interval(low: mean, high: mean, level: 0.95)
                rows.append(Row(plugin: name, n: cell.n, trials: rates.count, samplesPerSecond: mean, ciLow: ci.low,
                                ciHigh: ci.high, ideal: ideal, efficiency: mean / ideal))
            }
        }
        return rows
    }

    /// Measures `plugin` on `task` at n nodes in one trial (trial 0 of master seed `seed`);
    /// `overrides` are parameter texts.
    public static func measure(plugin name: String, task: String = "linreg", n: Int, budget: Double = 100,
                               overrides: [String: String] = [:], seed: UInt64 = 1) throws -> Point {
        let (_, records) = try trials(plugin: name, task: task, nodes: [n], budget: budget, overrides: overrides,
                                      trials: 1, seed: seed)
        return point(records[0])
    }

    /// The trials of one algorithm at every n through the study: the cost-model overrides it
    /// declares, no target (only the clocks count).
    static func trials(plugin name: String, task: String, nodes: [Int], budget: Double, overrides: [String: String],
                       trials: Int, seed: UInt64, registry: Registry = Catalog.registry) throws -> (Study.Plan, [TrialRecord]) {
        let (_, specs) = try resolve(plugin: name, task: task, registry: registry)
        let overrides = try NetworkProfile.expand(overrides)
        var request = StudyRequest(command: "throughput", experiment: "throughput", plugins: [name], task: task,
                                   sizes: nodes, overrides: overrides.filter { k, _ in specs.contains { $0.name == k } },
                                   budget: budget, trials: trials, seed: seed, keepSeries: false)
        request.defaultTargets = false
        let study = Study(registry: registry)
        let plan = try study.plan(request)
        return (plan, try study.run(plan))
    }

    /// Samples per simulated second of one trial: gradients over the simulated wall clock.
    static func point(_ record: TrialRecord) -> Point {
        let grads = record.outcomes["grads"] ?? 0, wall = record.outcomes["wall"] ?? 0
        return Point(plugin: record.plugin, n: record.n, samplesPerSecond: wall > 0 ? grads / wall : .infinity,
                     grads: grads, wall: wall)
    }

    /// The optimization algorithm called `name` in `registry` and the parameter specs of it on `task`.
    static func resolve(plugin name: String, task: String, registry: Registry) throws -> (any Plugin, [ParameterSpec]) {
        let p = try Catalog.plugin(named: name, family: .optimization, in: registry)
        let t = try registry.task(named: task)
        return (p, p.descriptor.parameters + t.parameters)
    }
}

extension Throughput {
    /// The `--json` document of `popbench throughput` (keys may be added, never renamed).
    public struct Report: Sendable, Codable {
        public var command = "throughput"
        public var task: String
        /// Simulated parallel time per trial.
        public var budget: Double
        /// The cost-model parameters as given (texts by parameter name); defaults are omitted.
        public var costModel: [String: String]
        public var rows: [Row]
        public var plots: [String] = []
        public var plotsDir: String?

        public init(request: Request, rows: [Row]) {
            task = request.task; budget = request.budget; costModel = request.overrides; self.rows = rows
        }

        enum CodingKeys: String, CodingKey {
            case command, task, budget, rows, plots
            case costModel = "cost_model", plotsDir = "plots_dir"
        }
    }

    /// The table as text: samples/s with its CI, the ideal n / compute-time, and efficiency.
    public static func text(_ rows: [Row]) -> String {
        var t = TextTable(["algorithm", "n", "samples/s", "95% CI", "ideal", "efficiency"])
        for r in rows {
            t.add([r.plugin, String(r.n), g(r.samplesPerSecond, 4),
                   "[\(g(r.ciLow, 4)), \(g(r.ciHigh, 4))]",
                   g(r.ideal, 4), g(r.efficiency, 3)])
        }
        return t.render()
    }

    static func g(_ v: Double, _ digits: Int) -> String {
        v.isFinite ? String(format: "%.\(digits)g", v) : formatReal(v)
    }
}
