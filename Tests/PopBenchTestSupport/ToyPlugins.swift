import PopBenchCore

/// A test-only optimization-like plugin: a noisy geometric decay x_t = x_{t-1} * 0.9 + noise,
/// recorded at every step, so the harness (runner, store, analysis) can be tested without
/// depending on the families.
public struct ToyDecay: Plugin {
    public init() {}
    public var descriptor = PluginDescriptor(
        name: "toy-decay", family: .optimization, summary: "test plugin", reference: "none",
        tasks: ["toy"], parameters: [.real("rate", default: 0.9, range: 0...1, help: "decay factor")], minimumN: 2)

    public func defaultBudget(_ setup: TrialSetup) -> Double { 60 }
    public func defaultTarget(_ setup: TrialSetup) -> Double? { 0.05 }

    public func runTrial(_ setup: TrialSetup, rng: inout Xoshiro256, recorder: inout TrialRecorder) throws {
        var x = 1.0
        let rate = setup.config.double("rate")
        let steps = Int(setup.budget ?? 60)
        for t in 1...steps {
            x = x * rate + 0.01 * rng.normal() / Double(setup.n)
            recorder.checkpoint(clocks: [.grads: Double(t * setup.n), .parallel: Double(t), .wall: Double(t) * 0.1],
                                metrics: ["error": x * x])
        }
        recorder.outcome(OutcomeName.finalValue, x * x)
    }
}

/// A test-only protocol-like plugin whose convergence time is exponential with mean n.
public struct ToyWait: Plugin {
    public init() {}
    public var descriptor = PluginDescriptor(name: "toy-wait", family: .protocol, summary: "test plugin", reference: "none",
                                      tasks: ["toy-protocol"], predictedBound: .linear)
    public func defaultBudget(_ setup: TrialSetup) -> Double { .infinity }
    public func exactExpectations(_ setup: TrialSetup) -> [String: Double] { [OutcomeName.time: Double(setup.n)] }
    public func runTrial(_ setup: TrialSetup, rng: inout Xoshiro256, recorder: inout TrialRecorder) throws {
        recorder.outcome(OutcomeName.time, Double(setup.n) * rng.exponential())
    }
}

/// A registry of the two toy plugins and their tasks, for testing the harness alone.
public let toyRegistry = Registry([PluginCatalog(
    plugins: [ToyDecay(), ToyWait()],
    tasks: [TaskDescriptor(name: "toy", family: .optimization, summary: "toy task",
                           metrics: [MetricSpec("error", help: "squared error")], primaryMetric: "error"),
            TaskDescriptor(name: "toy-protocol", family: .protocol, summary: "toy protocol task")])])
