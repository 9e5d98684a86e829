import Foundation
import PopBenchCore

/// `gossip`: randomized pairwise averaging of initial values, without gradients.
///
/// Reference: S. Boyd, A. Ghosh, B. Prabhakar, D. Shah, "Randomized gossip algorithms",
/// IEEE Trans. Inf. Theory 52(6), 2006 (the seed's note beside PopSGD; here on the complete
/// graph with the population scheduler).
///
/// Each agent starts with a value x_i ~ N(0, 1) drawn from the trial's generator; an interaction
/// of the ordered pair (i, j), chosen uniformly among the n(n-1) ordered pairs, sets
/// x_i = x_j = (x_i + x_j)/2. The mean is invariant; the disagreement
/// Gamma = (1/n) sum_i (x_i - mean)^2 decays geometrically. Closed form (derived here): with
/// a_k = x_k - mean and S = sum a_k^2 = n Gamma, one interaction changes S by -(a_i - a_j)^2/2.
/// For a uniform ordered pair i != j, E[a_i^2] = E[a_j^2] = S/n and
/// E[a_i a_j] = ((sum a)^2 - S)/(n(n-1)) = -S/(n(n-1)) (since sum a = 0), so
/// E[(a_i - a_j)^2] = 2S/n + 2S/(n(n-1)) = 2S/(n-1) and
///     E[Gamma_{t+1} | Gamma_t] = (1 - 1/(n-1)) Gamma_t,  E[Gamma_t] = (1 - 1/(n-1))^t Gamma_0.
/// Per unit of parallel time (n interactions) the expected factor is (1 - 1/(n-1))^n -> 1/e.
///
/// A run stops when Gamma <= `tolerance` Gamma_0 (Gamma never increases, so the first crossing
/// is final), and not before n interactions. Outcomes: `time` and `interactions` at that point; `gamma_ratio_1`, the ratio
/// Gamma_n / Gamma_0 after exactly n interactions (expectation (1 - 1/(n-1))^n, the quantity the
/// tests compare with the closed form); `decay_per_interaction`, the measured geometric factor
/// (Gamma_T / Gamma_0)^(1/T) over the whole run of T interactions, beside `decay_closed_form` = 1 - 1/(n-1) (by Jensen
/// the typical run decays a little faster than the expectation's factor).
///
/// Values are real numbers, so this is not a finite-state protocol and runs its own loop (one
/// interaction at a time, no allocation inside), not a compiled table.
public struct Gossip: Plugin {
    public init() {}

    /// Outcome names specific to gossip.
    public enum Outcome {
        public static let gammaRatioAfterN = "gamma_ratio_1"
        public static let decayPerInteraction = "decay_per_interaction"
        public static let decayClosedForm = "decay_closed_form"
    }

    /// E[Gamma_t] / Gamma_0 = (1 - 1/(n-1))^t for uniform random ordered pairs.
    public static func expectedGammaRatio(n: Int, interactions t: Double) -> Double {
        Foundation.pow(1 - 1 / Double(n - 1), t)
    }

    public var descriptor: PluginDescriptor {
        PluginDescriptor(
            name: "gossip", family: .protocol,
            summary: "randomized pairwise averaging of N(0,1) initial values (no gradients)",
            reference: "Boyd, Ghosh, Prabhakar, Shah, Randomized gossip algorithms, IEEE Trans. Inf. Theory 52(6), 2006",
            tasks: ["averaging"],
            parameters: [
                .real("tolerance", default: 1e-6, range: 1e-15...0.5,
                      help: "stop when Gamma <= tolerance * Gamma_0"),
            ],
            predictedBound: .constant,
            notes: "E[Gamma] multiplies by exactly 1 - 1/(n-1) per interaction (derived in the doc); time to tolerance ~ ln(1/tolerance) parallel time",
            minimumN: 2)
    }

    /// 10 ln(1/tolerance) + 10: ten times the expected ln(1/tolerance) (n-1)/n.
    public func defaultBudget(_ setup: TrialSetup) -> Double {
        10 * Foundation.log(1 / tolerance(setup)) + 10
    }

    func tolerance(_ setup: TrialSetup) -> Double { setup.config["tolerance"]?.doubleValue ?? 1e-6 }

    public func runTrial(_ setup: TrialSetup, rng: inout Xoshiro256, recorder: inout TrialRecorder) throws {
        let n = setup.n
        var x = [Double](repeating: 0, count: n)
        for i in 0..<n { x[i] = rng.normal() }
        let mean = x.reduce(0, +) / Double(n)
        var s = x.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
        let s0 = s, stop = tolerance(setup) * s0
        let maxT = ProtocolTrial.maxInteractions(budget: setup.budget ?? defaultBudget(setup), n: n)
        var ratioAfterN = Double.nan
        var t: UInt64 = 0, stopT: UInt64 = 0
        // Runs on past the stop until n interactions so that gamma_ratio_1 is always measured.
        x.withUnsafeMutableBufferPointer { v in
            while (stopT == 0 || t < UInt64(n)) && t < maxT {
                let i = Int(rng.bounded(UInt64(n)))
                var j = Int(rng.bounded(UInt64(n - 1)))
                if j >= i { j += 1 }
                let d = v[i] - v[j]
                s -= 0.5 * d * d
                let m = 0.5 * (v[i] + v[j])
                v[i] = m; v[j] = m
                t += 1
                if t == UInt64(n) { ratioAfterN = max(s, 0) / s0 }
                if stopT == 0 && s <= stop { stopT = t }
            }
        }
        // The incremental S drifts by rounding; recompute it exactly for the measured decay.
        let exactS = x.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
        recorder.outcome(Outcome.gammaRatioAfterN, ratioAfterN)
        recorder.outcome(Outcome.decayPerInteraction, t > 0 ? Foundation.pow(exactS / s0, 1 / Double(t)) : 1)
        recorder.outcome(Outcome.decayClosedForm, 1 - 1 / Double(n - 1))
        ProtocolTrial.record(interactions: Double(stopT > 0 ? stopT : t), n: n, converged: stopT > 0, recorder: &recorder)
    }
}
