import Foundation
import PopBenchCore
import PopBenchMPI
import Testing

/// How a calibrated deployment prices a simulated cell: the pattern's alpha + wait + M / beta per
/// event (the all-reduce through the ring formula), and the compute time of H steps between two
/// calls, the first after the call and the rest back to back.
@Suite struct PricingTests {
    /// A 4-rank deployment as a profile file holds it (the types have no public initializers:
    /// `calibrate` makes them).
    static let deployment: CalibrationProfile.Deployment = {
        func fit(_ latency: Double, _ bandwidth: Double) -> String {
            #"{"latency": \#(latency), "latency_ci": [0, 1], "bandwidth": \#(bandwidth), "bandwidth_ci": [0, 1], "r2": 1, "sizes": [8], "medians": [1], "means": [2], "repetitions": [5]}"#
        }
        let text = #"{"ranks": 4, "patterns": {"allreduce": \#(fit(6e-6, 1e9)), "publish-get": \#(fit(1.5e-5, 7e9))}, "#
            + #""compute": [{"task": "linreg", "dimension": 50, "seconds": 3e-7, "ci": [2e-7, 4e-7], "#
            + #""waits": {"allreduce": 1e-6, "publish-get": 2e-6}, "back_to_back": 1e-7}]}"#
        return try! JSON.decoder().decode(CalibrationProfile.Deployment.self, from: Data(text.utf8))
    }()

    /// (c_after + (H - 1) c_back) / H: H = 4 gives (3 + 3 x 1) / 4 = 1.5e-7 s; H = 1 the step
    /// after the call; without a back-to-back measurement every step costs c_after.
    @Test func stepsBetweenCallsRunBackToBack() {
        #expect(abs(Pricing(.allReduce, stepsPerCall: 4).computeTime(afterCall: 3e-7, backToBack: 1e-7) - 1.5e-7) < 1e-20)
        #expect(Pricing(.allReduce).computeTime(afterCall: 3e-7, backToBack: 1e-7) == 3e-7)
        #expect(Pricing(.allReduce, stepsPerCall: 4).computeTime(afterCall: 3e-7, backToBack: nil) == 3e-7)
    }

    /// Local SGD (H = 4) at 4 ranks: compute 1.5e-7 s per step; the ring all-reduce's
    /// 2(n - 1) = 6 latencies add up to the measured alpha + wait = 7e-6 s, its 2((n-1)/n) M / b
    /// to M / beta. PopSGD (H = 1): the publish + Get's alpha + wait per event, its step after
    /// the call. A pattern the deployment did not measure prices nothing.
    @Test func deploymentOverrides() throws {
        let local = try #require(Self.deployment.costModelOverrides(task: "linreg", pricing: Pricing(.allReduce, stepsPerCall: 4)))
        #expect(abs(Double(local["compute-time"]!)! - 1.5e-7) < 1e-20)
        #expect(abs(Double(local["latency"]!)! * 6 - 7e-6) < 1e-18)
        let m = 400.0
        #expect(abs(2 * 0.75 * m / Double(local["bandwidth"]!)! - m / 1e9) < 1e-18)
        #expect(local["model-bytes"] == "400")
        let pop = try #require(Self.deployment.costModelOverrides(task: "linreg", pricing: Pricing(.publishGet)))
        #expect(Double(pop["compute-time"]!)! == 3e-7)
        #expect(abs(Double(pop["latency"]!)! - 1.7e-5) < 1e-18)
        #expect(Self.deployment.costModelOverrides(task: "linreg", pricing: Pricing(.exchange)) == nil)
        #expect(Self.deployment.costModelOverrides(task: "mean", pricing: Pricing(.allReduce)) == nil)
        #expect(abs(try #require(Self.deployment.waitFraction(task: "linreg", pricing: Pricing(.allReduce))) - 1.0 / 7) < 1e-12)
    }

    /// The profile's JSON keeps the back-to-back step time and the means a pattern was fitted to.
    @Test func roundTrip() throws {
        let back = try JSON.decoder().decode(CalibrationProfile.Deployment.self, from: JSON.prettyEncoder().encode(Self.deployment))
        #expect(back.compute[0].backToBack == 1e-7 && back.patterns["allreduce"]?.means == [2])
    }
}
