/// Turns what the user asked for (plugin names, a task, population sizes, parameter overrides,
/// budget, target) into validated cells, before any work starts.
///
/// Every error is a one-line `UsageError` naming the field and the allowed values.
public struct ExperimentBuilder: Sendable {
    public let registry: Registry
    public init(registry: Registry) { self.registry = registry }

    /// A request as the CLI collects it.
    public struct Request: Sendable, Hashable {
        public var plugins: [String]
        /// nil: the first plugin's first task.
        public var task: String?
        public var sizes: [Int]
        /// Sizes above 2^63 (`NumberList.sizesAndRealSizes`), run as real numbers by plugins
        /// that can (`Plugin.runsRealSize`) and refused for the others.
        public var realSizes: [Double] = []
        /// Parameter name (without dashes) -> text value.
        public var overrides: [String: String]
        public var budget: Double?
        public var target: Double?
        /// Trials that will run at once (worker threads, at most the trial count): the memory
        /// guard multiplies one trial's estimate by it.
        public var concurrentTrials = 1
        /// Whether cells get their plugins' default target when `target` is nil (false: no
        /// target at all, for runs that need only outcomes).
        public var defaultTargets = true
        public init(plugins: [String], task: String?, sizes: [Int], overrides: [String: String] = [:],
                    budget: Double? = nil, target: Double? = nil) {
            self.plugins = plugins; self.task = task; self.sizes = sizes; self.overrides = overrides
            self.budget = budget; self.target = target
        }
    }

    /// The validated cells, plugin-major then by n, and the resolved task.
    public func cells(for request: Request) throws -> (cells: [Cell], task: TaskDescriptor) {
        guard !request.plugins.isEmpty else { throw UsageError("--algos: give at least one algorithm; known: \(registry.pluginNames.joined(separator: ", "))") }
        guard !request.sizes.isEmpty || !request.realSizes.isEmpty else { throw UsageError("--n: give at least one population size") }
        if let b = request.budget, !(b > 0 && b.isFinite) { throw UsageError("--budget: \(b) is not allowed; allowed: a positive number (parallel time)") }
        if let t = request.target, !t.isFinite { throw UsageError("--target: \(t) is not allowed; allowed: a finite number") }
        if Set(request.plugins).count != request.plugins.count {
            throw UsageError("--algos: an algorithm is listed twice in \(request.plugins.joined(separator: ","))")
        }
        let plugins = try request.plugins.map { try registry.plugin(named: $0) }
        let taskName = request.task ?? plugins[0].descriptor.tasks.first ?? ""
        let task = try registry.task(named: taskName)
        for p in plugins where !p.descriptor.tasks.contains(task.name) {
            throw UsageError("--task: \(p.descriptor.name) does not run on task '\(task.name)'; its tasks: \(p.descriptor.tasks.joined(separator: ", "))")
        }
        try checkOverridesAreKnown(request.overrides, plugins: plugins, task: task)
        if let t = request.target {
            guard let metric = task.primary else {
                throw UsageError("--target: task \(task.name) has no target metric (it is timed to convergence); leave --target out")
            }
            // An error metric is never below 0: a target at or under 0 is never reached.
            if metric.direction == .lowerIsBetter && !(t > 0) {
                throw UsageError("--target: \(formatTarget(t)) is not allowed for \(metric.name) (an error, 0 at best); allowed: a number > 0")
            }
        }

        var cells: [Cell] = []
        var target: Double? = nil
        let direction = task.primary?.direction ?? .lowerIsBetter
        let largest = request.sizes.max()
        for plugin in plugins {
            let d = plugin.descriptor
            let config = try Configuration(specs: d.parameters + task.parameters, overrides: request.overrides)
            // Sizes above 2^63 run as real numbers (n = Int.max) where the plugin can, after the others.
            let sizes = request.sizes.map { ($0, nil as Double?) } + request.realSizes.map { (Int.max, $0 as Double?) }
            for (n, realN) in sizes {
                var setup = TrialSetup(plugin: d.name, task: task.name, n: n, config: config,
                                       budget: request.budget, target: request.target)
                setup.realN = realN
                if let realN, !plugin.runsRealSize(setup) {
                    throw UsageError("--n: \(realN) exceeds 2^63 (about 9.2e18), the largest size \(d.name) runs with these options; allowed: up to 9e18 (a protocol whose rules do not depend on n runs up to 1e24 with --engine tau)")
                }
                // Before validate, which may build the task's data: refuse what cannot fit.
                let what = "\(d.name) at n = \(realN.map { "\($0)" } ?? "\(n)")"
                let estimate = try registry.resourceEstimate(setup)
                if let estimate { try ResourceGuard.check(estimate, concurrent: request.concurrentTrials, what: what) }
                try plugin.validate(setup)
                // Defaults that depend on n are asked for the run's largest n, so that one
                // target holds for every n (time to target against n is then about one error)
                // and every budget reaches it.
                setup.referenceN = largest
                setup.budget = request.budget ?? plugin.defaultBudget(setup)
                // The trial's predicted time: its predicted parallel time (else the budget) at
                // the engine's rate; refused beyond a day, before any trial runs.
                if let timed = estimate?.predicting(budget: setup.budget!, expected: plugin.predictedParallelTime(setup)) {
                    try ResourceGuard.check(timed, concurrent: request.concurrentTrials, what: what)
                }
                // One target for every plugin and n: the most demanding of their defaults (a
                // plugin whose setting lengthens the transient, such as local steps, sets it).
                if request.target == nil, request.defaultTargets, task.primaryMetric != nil, let t = plugin.defaultTarget(setup) {
                    target = target.map { direction.meets(t, $0) ? t : $0 } ?? t
                }
                var cell = Cell(plugin: d.name, task: task.name, n: n, config: config,
                                budget: setup.budget!, target: request.target)
                cell.realN = realN
                cells.append(cell)
            }
        }
        if request.target == nil {
            for i in cells.indices { cells[i].target = target }
        }
        return (cells, task)
    }

    private func checkOverridesAreKnown(_ overrides: [String: String], plugins: [any Plugin], task: TaskDescriptor) throws {
        let known = Set(plugins.flatMap { $0.descriptor.parameters.map(\.name) } + task.parameters.map(\.name))
        for key in overrides.keys.sorted() where !known.contains(key) {
            let names = known.sorted().map { "--\($0)" }.joined(separator: ", ")
            throw UsageError("--\(key): unknown option for \(plugins.map(\.descriptor.name).joined(separator: ", ")) on task \(task.name); allowed: \(names.isEmpty ? "none" : names)")
        }
    }

    private func formatTarget(_ t: Double) -> String { String(format: "%g", t) }
}
