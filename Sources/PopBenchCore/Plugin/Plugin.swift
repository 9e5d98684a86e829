/// The contract every algorithm and protocol implements.
///
/// A plugin is a value that declares itself (`descriptor`) and runs exactly one trial when the
/// runner hands it a validated setup and a seeded generator. Seeding, repetition, parallelism,
/// progress, statistics, storage and plots belong to the harness. Adding an algorithm is one
/// file plus one line in its family's catalog.
public protocol Plugin: Sendable {
    /// Name, summary, reference, tasks, parameters, predicted bound.
    var descriptor: PluginDescriptor { get }

    /// Rejects setups the declared ranges cannot catch (e.g. more nodes than data samples) with a
    /// `UsageError` naming the field. Called for every cell before any trial runs.
    func validate(_ setup: TrialSetup) throws

    /// The run length in parallel time when the user gives no `--budget`.
    func defaultBudget(_ setup: TrialSetup) -> Double

    /// The target of the task's primary metric when the user gives no `--target`.
    func defaultTarget(_ setup: TrialSetup) -> Double?

    /// Closed-form expectations of outcomes (e.g. the epidemic's expected parallel time), keyed by
    /// outcome name; empty when none is known.
    func exactExpectations(_ setup: TrialSetup) -> [String: Double]

    /// The parallel time a trial is expected to run, for pricing a run before it starts (the
    /// resource guard): the closed form where one is known, else the order of a published bound
    /// (e.g. (ln n + 1) / gap for a majority protocol); nil when neither is, and then the budget
    /// prices the run.
    func predictedParallelTime(_ setup: TrialSetup) -> Double?

    /// Whether this plugin runs `setup` at its real size `setup.realN` (above 2^63, where `n`
    /// holds `Int.max`): only a plugin that simulates real-valued counts can. Asked before
    /// `validate` for such setups; false by default.
    func runsRealSize(_ setup: TrialSetup) -> Bool

    /// Runs one trial, recording checkpoints and outcomes.
    func runTrial(_ setup: TrialSetup, rng: inout Xoshiro256, recorder: inout TrialRecorder) throws
}

extension Plugin {
    public func validate(_ setup: TrialSetup) throws {
        if setup.n < descriptor.minimumN {
            throw UsageError("--n: \(setup.n) is too small for \(descriptor.name); allowed: n >= \(descriptor.minimumN)")
        }
    }
    public func defaultTarget(_ setup: TrialSetup) -> Double? { nil }
    public func runsRealSize(_ setup: TrialSetup) -> Bool { false }
    public func exactExpectations(_ setup: TrialSetup) -> [String: Double] { [:] }
    public func predictedParallelTime(_ setup: TrialSetup) -> Double? { exactExpectations(setup)[OutcomeName.time] }
}
