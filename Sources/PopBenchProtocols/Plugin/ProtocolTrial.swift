import Foundation
import PopBenchCore

/// The trial skeleton of the family: budget, engine choice, simulation and the outcomes `time`,
/// `interactions` (and `correct` where the task defines it). `ProtocolPlugin` runs every
/// finite-state protocol through it; gossip, which simulates real values itself, shares the
/// budget and the recording.
public enum ProtocolTrial {
    /// The margin and the majority side of a `majority` setup (defaults when not configured).
    public static func majoritySetup(_ setup: TrialSetup) -> (gap: Double, side: String) {
        (setup.config["gap"]?.doubleValue ?? 0.01, setup.config["majority"]?.description ?? "A")
    }

    /// The engine named by the `engine` parameter (auto when absent).
    public static func engine(_ setup: TrialSetup) -> EngineKind {
        setup.config["engine"].flatMap { EngineKind(rawValue: $0.description) } ?? .auto
    }

    /// Interactions allowed by a budget in parallel time.
    public static func maxInteractions(budget: Double, n: Int) -> UInt64 {
        let m = budget * Double(n)
        return m >= 1.8e19 ? UInt64.max : UInt64(max(1, m.rounded(.up)))
    }

    /// Runs `table` from `counts` and records the outcomes. `correct` decides the `correct`
    /// outcome from the final counts (nil: not recorded).
    public static func run(_ table: CompiledProtocol, counts: [Int], setup: TrialSetup, budget: Double,
                           rng: inout Xoshiro256, recorder: inout TrialRecorder,
                           correct: ((SimulationResult) -> Bool)? = nil) throws {
        let result = try ProtocolSimulation.run(table, counts: counts, engine: engine(setup),
                                                parallelBudget: setup.budget ?? budget, rng: &rng)
        record(result, n: setup.n, recorder: &recorder, correct: correct)
    }

    /// Records the outcomes of a finished simulation; a run out of budget is marked `timeout`.
    public static func record(_ result: SimulationResult, n: Int, recorder: inout TrialRecorder,
                              correct: ((SimulationResult) -> Bool)?) {
        if let correct { recorder.outcome(OutcomeName.correct, result.converged && correct(result) ? 1 : 0) }
        record(interactions: result.interactionCount, n: n, converged: result.converged, recorder: &recorder)
    }

    /// Records `time` (interactions / n) and `interactions` (real-valued: the tau engine's count
    /// may exceed UInt64), and marks a run that did not converge within its budget `timeout`.
    public static func record(interactions: Double, n: Int, converged: Bool, recorder: inout TrialRecorder) {
        record(interactions: interactions, size: Double(n), converged: converged, recorder: &recorder)
    }

    /// `record(interactions:n:...)` at a real population size (above 2^63 for the tau engine).
    public static func record(interactions: Double, size: Double, converged: Bool, recorder: inout TrialRecorder) {
        recorder.outcome(OutcomeName.time, interactions / size)
        recorder.outcome(OutcomeName.interactions, interactions)
        recorder.mark(converged ? .ok : .timeout)
    }

    /// The harmonic number H_m = 1 + 1/2 + ... + 1/m (exact sum up to 10^6, then the asymptotic
    /// expansion ln m + gamma + 1/(2m) - 1/(12m^2), whose error is below 1/(120 m^4)).
    public static func harmonic(_ m: Int) -> Double {
        if m <= 1_000_000 {
            var h = 0.0
            var i = m
            while i >= 1 { h += 1 / Double(i); i -= 1 }
            return h
        }
        let x = Double(m)
        return Foundation.log(x) + 0.577_215_664_901_532_9 + 1 / (2 * x) - 1 / (12 * x * x)
    }
}
