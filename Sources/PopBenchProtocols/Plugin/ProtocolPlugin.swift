import PopBenchCore

/// Any finite-state population protocol as a plugin: the protocol is data (a compiled table per
/// setup), and this one type runs the trial of every catalog protocol and every protocol file.
///
/// A trial compiles (or looks up) the table for the setup, starts from the goal's initial
/// counts, simulates on the engine chosen by the family-wide `engine` option until convergence
/// or the budget, and records `time`, `interactions` and, where the goal defines it, `correct`.
/// The `engine` option is declared once here and added to every protocol's parameters (last,
/// so `describe` lists it where it always was); it stays a configuration value because stored
/// trials and seed derivation carry it.
public struct ProtocolPlugin: Plugin {
    public let descriptor: PluginDescriptor
    /// Where a trial starts and what counts as correct.
    public let goal: ProtocolGoal
    /// What the protocol's paper claims (majority and leader protocols), for the measured table.
    public let claim: ProtocolClaim?
    private let compile: @Sendable (TrialSetup) -> CompiledProtocol
    private let budget: @Sendable (TrialSetup) -> Double
    private let expectations: (@Sendable (TrialSetup) -> [String: Double])?
    private let predictedTime: (@Sendable (TrialSetup) -> Double)?
    private let check: (@Sendable (TrialSetup) throws -> Void)?
    /// Whether the compiled table is the same at every n (so it is right at a real size above
    /// 2^63, where `setup.n` holds `Int.max`).
    private let tableIgnoresN: Bool

    /// The family-wide `engine` option, added to every protocol's parameters.
    public static let engineParameter = ParameterSpec.choice(
        "engine", EngineKind.allCases.map(\.rawValue), default: "auto",
        help: "agent (exact, per interaction), batch (exact multibatching on counts), auto (by n), tau (approximate tau-leaping on counts, for n up to 9e18)")

    /// A protocol plugin.
    /// - Parameters:
    ///   - parameters: the protocol's own parameters (`engine` is added).
    ///   - claim: the paper's claim; its plugin and task are filled in, its paper defaults to
    ///     `reference`.
    ///   - table: the compiled table for a setup (a constant for a fixed protocol; built and
    ///     cached per parameter values or n for generated ones).
    ///   - budget: the run length in parallel time when the user gives no `--budget`.
    ///   - expectations: closed-form expectations of outcomes, if known.
    ///   - predictedTime: the order of the paper's bound on the expected parallel time (no
    ///     closed form), which prices a run before it starts instead of the far longer budget.
    ///   - check: refuses setups the declared ranges cannot catch, before any table is built.
    ///   - tableIgnoresN: true when `table` does not depend on n: then `--engine tau` runs sizes
    ///     above 2^63 (up to 1e24) as real numbers; a table built for n is refused there.
    public init(name: String, summary: String, reference: String, goal: ProtocolGoal,
                parameters: [ParameterSpec] = [], bound: FitShape?, notes: String, minimumN: Int = 2,
                claim: ProtocolClaim? = nil,
                table: @escaping @Sendable (TrialSetup) -> CompiledProtocol,
                budget: @escaping @Sendable (TrialSetup) -> Double,
                expectations: (@Sendable (TrialSetup) -> [String: Double])? = nil,
                predictedTime: (@Sendable (TrialSetup) -> Double)? = nil,
                check: (@Sendable (TrialSetup) throws -> Void)? = nil, tableIgnoresN: Bool = false) {
        descriptor = PluginDescriptor(
            name: name, family: .protocol, summary: summary, reference: reference, tasks: [goal.task],
            parameters: parameters + [Self.engineParameter], predictedBound: bound, notes: notes,
            minimumN: minimumN)
        self.goal = goal
        self.claim = claim.map { c in
            var c = c
            c.plugin = name; c.task = goal.task
            if c.paper.isEmpty { c.paper = reference }
            return c
        }
        compile = table; self.budget = budget; self.expectations = expectations; self.check = check
        self.predictedTime = predictedTime
        self.tableIgnoresN = tableIgnoresN
    }

    /// The compiled table a trial of `setup` simulates.
    public func table(_ setup: TrialSetup) -> CompiledProtocol { compile(setup) }

    /// A setup at population n with the default parameters of the protocol and its task, changed
    /// by `overrides`: for looking at the protocol outside a run (its table, its initial counts).
    public func setup(n: Int, overrides: [String: String] = [:]) throws -> TrialSetup {
        let task = ProtocolTasks.all.first { $0.name == goal.task }
        let config = try Configuration(specs: descriptor.parameters + (task?.parameters ?? []), overrides: overrides)
        return TrialSetup(plugin: descriptor.name, task: goal.task, n: n, config: config, trial: 0, seed: 1)
    }

    /// Checks n, the protocol's own constraints, that the initial configuration resolves at
    /// this n (counts that add up to more than n, or a majority without a majority state, are
    /// input errors), and refuses the batch engine (naming the rule) for a count predicate it
    /// cannot decide exactly (`batchPredicateProblem`); `auto` runs such protocols on the
    /// agent engine.
    public func validate(_ setup: TrialSetup) throws {
        let name = descriptor.name
        if let size = setup.realN {
            guard runsRealSize(setup) else {
                throw UsageError("--n: \(size) exceeds 2^63 (about 9.2e18); allowed for \(name): up to 9e18" + (tableIgnoresN ? ", or up to 1e24 with --engine tau" : " (its rules are built for each n)"))
            }
            try check?(setup)
            let table = table(setup)
            do {
                _ = try ProtocolRealStart.start(goal, table, setup: setup, size: size)
            } catch let e as ProtocolError {
                throw UsageError("\(name): \(e.message) (at n = \(size))")
            }
            if let problem = table.batchPredicateProblem {
                throw UsageError("engine: tau is not allowed for \(name): \(problem)")
            }
            return
        }
        if setup.n < descriptor.minimumN {
            throw UsageError("--n: \(setup.n) is too small for \(name); allowed: n >= \(descriptor.minimumN)")
        }
        try check?(setup)
        let table = table(setup)
        do {
            _ = try goal.start(table, setup: setup)
        } catch let e as ProtocolError {
            throw UsageError("\(name): \(e.message) (at n = \(setup.n))")
        }
        let engine = ProtocolTrial.engine(setup)
        if engine == .batch || engine == .tau, let problem = table.batchPredicateProblem {
            throw UsageError("engine: \(engine.rawValue) is not allowed for \(name): \(problem)")
        }
    }

    public func defaultBudget(_ setup: TrialSetup) -> Double { budget(setup) }

    /// Sizes above 2^63 run on the tau engine (real-valued counts) when the table does not
    /// depend on n.
    public func runsRealSize(_ setup: TrialSetup) -> Bool {
        tableIgnoresN && ProtocolTrial.engine(setup) == .tau
    }

    public func exactExpectations(_ setup: TrialSetup) -> [String: Double] { expectations?(setup) ?? [:] }

    public func predictedParallelTime(_ setup: TrialSetup) -> Double? {
        exactExpectations(setup)[OutcomeName.time] ?? predictedTime?(setup)
    }

    public func runTrial(_ setup: TrialSetup, rng: inout Xoshiro256, recorder: inout TrialRecorder) throws {
        let table = table(setup)
        if let size = setup.realN {
            let start = try ProtocolRealStart.start(goal, table, setup: setup, size: size)
            let budget = setup.budget ?? defaultBudget(setup)
            let result = TauEngine.run(table, counts: start.counts, maxInteractions: budget * size, rng: &rng)
            if let correct = start.correct {
                recorder.outcome(OutcomeName.correct, result.converged && correct(result.counts) ? 1 : 0)
            }
            ProtocolTrial.record(interactions: result.interactions, size: size, converged: result.converged, recorder: &recorder)
            return
        }
        let start = try goal.start(table, setup: setup)
        try ProtocolTrial.run(table, counts: start.counts, setup: setup, budget: defaultBudget(setup),
                              rng: &rng, recorder: &recorder, correct: start.correct)
    }
}
