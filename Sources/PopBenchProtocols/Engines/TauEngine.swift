import Foundation
import PopBenchCore

/// The tau engine: approximate, on real-valued state counts, for populations far beyond what
/// the exact engines reach (up to about 10^24 agents; counts are Double, exact integers up to
/// 2^53 and within one part in 10^16 above).
///
/// Model. The run is the Poissonized population model: interactions come at rate 1 (time is
/// counted in interactions, so parallel time is time / n), and an interaction picks the ordered
/// pair of states (p, q) with probability x_p (x_q - [p = q]) / (n (n - 1)). So each rule
/// (p, q) -> (p', q') is a reaction channel with propensity a_j = x_p (x_q - [p = q]) / (n(n-1))
/// per interaction. Poissonization changes the time of the k-th interaction from k to a
/// Gamma(k, 1) time: same mean, relative spread 1/sqrt(k), below 10^-3 at every n this engine
/// is for.
///
/// Steps. Explicit Poisson tau-leaping with the step selection and the critical reactions of
/// Cao, Gillespie and Petzold: "Efficient step size selection for the tau-leaping simulation
/// method", J. Chem. Phys. 124, 044109 (2006), eqs. (32)-(33), and "Avoiding negative
/// populations in explicit Poisson tau-leaping", J. Chem. Phys. 123, 054104 (2005):
///
/// 1. A reaction is critical when one of its reactant states has fewer than `criticalCount`
///    agents. Critical reactions never leap: they fire one at a time, exactly, after an
///    exponential waiting time of rate a0c (their total propensity).
/// 2. For every reactant state i of a non-critical reaction, with mu_i = sum_j v_ij a_j and
///    sigma_i^2 = sum_j v_ij^2 a_j over the non-critical reactions j (v_ij the net change of
///    x_i), tau1 = min_i min(max(eps x_i / g_i, 1) / |mu_i|, max(eps x_i / g_i, 1)^2 / sigma_i^2)
///    with g_i = 2 (all rules are second order; 2 + 1/(x_i - 1) for a rule (i, i)): the
///    expected relative change of each reactant count within a leap is at most about eps.
/// 3. When tau1 is below `exactStepFactor` / a0 (a0 the total propensity: a leap would hold
///    only a few reactions) the engine takes `exactSteps` exact SSA steps instead (Gillespie's
///    direct method on the counts), so the stochastic phases, where few agents decide the
///    outcome (the last minority agents near consensus, the first agents of a new state), are
///    simulated exactly.
/// 4. Otherwise tau = min(tau1, tau2) with tau2 the critical waiting time; every non-critical
///    reaction fires Poisson(a_j tau) times, and one critical reaction fires when tau2 <= tau1.
///    A leap that would make a count negative is discarded and tau1 halved.
///
/// Convergence is checked after every step with the tracker the exact engines use (on the
/// counts capped at 2^62, which keeps the classes 0 / 1 / >= 2 that stable outputs depend on).
/// A stable-output condition can only become true when the last agent of some state leaves,
/// which happens in a critical or exact step, so its time is resolved to one reaction; a count
/// predicate is detected at the first step that crosses it (a leap does not resolve the
/// interactions inside it, and a monotone `==` counts as reached at its first crossing).
public enum TauEngine {
    /// The error-control parameter eps of the step selection. Cao et al. use 0.03; measured here
    /// against the batch engine (am3, n = 10^6, 200 trials each) the mean convergence time is 7%
    /// late at eps = 0.1, 1.7% at 0.03 and within the noise (-0.2% +- 0.5%) at 0.01, which costs
    /// about 2 ms per trial there.
    public static let defaultEpsilon = 0.01
    /// Reactant count below which a reaction is critical (n_c = 10 in Cao et al. 2005).
    public static let criticalCount = 10.0
    /// A leap expected to hold fewer than this many reactions is replaced by exact steps.
    public static let exactStepFactor = 10.0
    /// Exact steps taken each time a leap is too short (Cao et al. 2006 suggest 100).
    public static let exactSteps = 100

    /// The outcome of one run: time in interactions (real: it may exceed UInt64), whether the
    /// condition was reached within the budget, and the final counts.
    public struct Result: Sendable, Hashable {
        public var interactions: Double
        public var converged: Bool
        public var counts: [Double]
    }

    /// Runs from `counts` (whole numbers, summing to n >= 2) until convergence or until
    /// `maxInteractions` interactions have elapsed.
    public static func run(_ table: CompiledProtocol, counts initial: [Double], maxInteractions: Double,
                           epsilon: Double = defaultEpsilon, rng: inout Xoshiro256) -> Result {
        let n = initial.reduce(0, +)
        precondition(n >= 2, "a population needs at least two agents")
        precondition(epsilon > 0 && epsilon < 1, "epsilon must lie in (0, 1)")
        var ws = TauWorkspace(table, counts: initial)
        defer { ws.free() }
        if ws.startsConverged() { return Result(interactions: 0, converged: true, counts: initial) }
        let norm = 1 / (n * (n - 1))
        var t = 0.0
        while t < maxInteractions {
            ws.collectReactions(norm: norm)
            if ws.r == 0 { t = maxInteractions; break }   // no rule can fire: the counts never change again
            let tau1 = ws.leapBound(epsilon: epsilon)
            if tau1 < exactStepFactor / ws.a0 {
                for step in 0..<exactSteps {
                    if step > 0 { ws.collectReactions(norm: norm); if ws.r == 0 { break } }
                    let dt = rng.exponential() / ws.a0
                    if t + dt >= maxInteractions { t = maxInteractions; break }
                    t += dt
                    ws.beginChange()
                    ws.fire(ws.pick(rng.uniform() * ws.a0, criticalOnly: false), times: 1)
                    ws.commit()
                    if ws.convergedAfterChange() { return Result(interactions: t, converged: true, counts: ws.counts) }
                }
                continue
            }
            var bound = tau1
            while true {
                let tau2 = ws.a0c > 0 ? rng.exponential() / ws.a0c : .infinity
                let tau = min(bound, tau2, maxInteractions - t)
                ws.beginChange()
                for j in 0..<ws.r where !ws.critical[j] {
                    let firings = PoissonSampler.sample(mean: ws.a[j] * tau, rng: &rng)
                    if firings > 0 { ws.fire(j, times: firings) }
                }
                if tau2 <= bound && tau2 < maxInteractions - t {
                    ws.fire(ws.pick(rng.uniform() * ws.a0c, criticalOnly: true), times: 1)
                }
                if ws.changeKeepsCountsNonNegative() {
                    ws.commit()
                    t += tau
                    break
                }
                ws.discardChange()
                bound /= 2
            }
            if ws.convergedAfterChange() { return Result(interactions: t, converged: true, counts: ws.counts) }
        }
        return Result(interactions: min(t, maxInteractions), converged: false, counts: ws.counts)
    }

    /// Runs on whole-number counts through the exact engines' result type: `interactionCount`
    /// carries the real-valued time, `interactions` the same rounded (capped at UInt64.max) and
    /// the counts rounded to Int (they fit: n < 2^63 here).
    public static func runOnIntCounts(_ table: CompiledProtocol, counts: [Int], maxInteractions: Double,
                                      rng: inout Xoshiro256) -> SimulationResult {
        let r = run(table, counts: counts.map(Double.init), maxInteractions: maxInteractions, rng: &rng)
        let whole = r.interactions.rounded()
        var result = SimulationResult(interactions: whole >= 1.8e19 ? UInt64.max : UInt64(whole),
                                      converged: r.converged, counts: r.counts.map { Int($0) })
        result.interactionCount = r.interactions
        return result
    }
}
