import PopBenchCore

/// Simulated throughput under the cost model, for `popbench throughput`: gradient evaluations
/// (samples) per simulated wall-clock second of one short run.
///
/// The seed paper's throughput figure (samples/s against n at 16-64 nodes) is reproduced on one
/// machine by running each algorithm for `budget` units of parallel time and dividing the
/// gradients it evaluated by the simulated wall clock the cost model charged for them.
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

    /// Measures `plugin` on `task` at n nodes; `overrides` are parameter texts (cost model:
    /// `latency`, `bandwidth`, `model-bytes`, `compute`, `compute-time`, `straggler-sigma`).
    public static func measure(plugin name: String, task: String = "mean", n: Int, budget: Double = 50,
                               overrides: [String: String] = [:], seed: UInt64 = 1) throws -> Point {
        let plugin = try plugin(named: name)
        guard let t = OptimizationTasks.descriptors.first(where: { $0.name == task }) else {
            throw UsageError("--task: unknown task '\(task)'; known: \(OptimizationTasks.names.joined(separator: ", "))")
        }
        let specs = plugin.descriptor.parameters + t.parameters
        let config = try Configuration(specs: specs, overrides: overrides.filter { k, _ in specs.contains { $0.name == k } })
        let setup = TrialSetup(plugin: name, task: task, n: n, config: config, budget: budget, seed: seed)
        try plugin.validate(setup)
        var rng = Xoshiro256(seed: seed)
        var rec = TrialRecorder()
        try plugin.runTrial(setup, rng: &rng, recorder: &rec)
        let grads = rec.outcomes["grads"] ?? 0, wall = rec.outcomes["wall"] ?? 0
        return Point(plugin: name, n: n, samplesPerSecond: wall > 0 ? grads / wall : .infinity, grads: grads, wall: wall)
    }

    /// The family's plugin called `name`.
    static func plugin(named name: String) throws -> any Plugin {
        guard let p = OptimizationFamily.catalog.plugins.first(where: { $0.descriptor.name == name }) else {
            let known = OptimizationFamily.catalog.plugins.map(\.descriptor.name).sorted()
            throw UsageError("--algos: unknown algorithm '\(name)'; known: \(known.joined(separator: ", "))")
        }
        return p
    }
}
