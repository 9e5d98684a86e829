import Foundation
import PopBenchCore
import PopBenchProtocols
import Testing

/// Gossip averaging against its closed form E[Gamma_t] = (1 - 1/(n-1))^t Gamma_0 (derived in
/// `Gossip`'s doc comment): the mean over seeded trials of Gamma_n / Gamma_0 must lie within
/// 4 standard errors of (1 - 1/(n-1))^n, and a plausible wrong law, (1 - 2/n)^n (as if every
/// interaction removed the two agents' full share), must lie outside that band.
@Suite struct GossipTests {
    @Test(arguments: [10, 100])
    func gammaDecaysAtTheClosedFormRate(n: Int) throws {
        let trials = 1500
        let recs = try runTrials(Gossip(), task: "averaging", n: n, params: ["tolerance": "0.01"], trials: trials)
        let ratios = recs.map { $0.outcomes[Gossip.Outcome.gammaRatioAfterN]! }
        let mean = TestStats.mean(ratios), se = TestStats.sd(ratios) / Double(trials).squareRoot()
        let exact = Gossip.expectedGammaRatio(n: n, interactions: Double(n))
        let wrong = Foundation.pow(1 - 2 / Double(n), Double(n))
        print("gossip n = \(n): mean Gamma_n/Gamma_0 = \(mean) +- \(se), closed form \(exact), wrong law \(wrong)")
        #expect(abs(mean - exact) <= 4 * se, "n = \(n): \(mean) +- \(se) vs \(exact)")
        #expect(abs(mean - wrong) > 4 * se, "n = \(n): the test cannot tell the wrong law apart")
        #expect(recs.allSatisfy { $0.status == .ok })
    }

    /// The mean is invariant and Gamma reaches the tolerance: time to 1e-6 is about
    /// ln(1e6) (n-1)/n parallel time, checked loosely (within a factor 1.5).
    @Test func reachesToleranceInLogarithmicTime() throws {
        let recs = try runTrials(Gossip(), task: "averaging", n: 200, trials: 50)
        let times = recs.map { $0.outcomes[OutcomeName.time]! }
        let expected = Foundation.log(1e6) * 199 / 200
        #expect(recs.allSatisfy { $0.status == .ok })
        #expect(TestStats.mean(times) > expected / 1.5 && TestStats.mean(times) < expected * 1.5, "\(TestStats.mean(times)) vs \(expected)")
    }
}
