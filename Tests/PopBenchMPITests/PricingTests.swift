import Foundation
import PopBenchCore
import PopBenchMPI
import Testing

/// How a calibrated deployment prices a simulated cell: one event costs the pattern's call as
/// measured at the task's model size (older profiles: the fit's alpha + wait + M / beta; the
/// all-reduce through the ring formula), and the compute time of H steps between two calls, the
/// first after the call and the rest back to back.
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

    /// The same deployment as calibrate writes it since 5 December 2026: each pattern's call
    /// measured at the task's size (400 B).
    static var measuredCalls: CalibrationProfile.Deployment {
        var d = deployment
        d.compute[0].calls = ["allreduce": 9e-6, "publish-get": 1.6e-5]
        return d
    }

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

    /// With the calls measured at the model's size, an event costs the call: the all-reduce's
    /// 6 latencies plus its 2((n-1)/n) M / b add up to 9e-6 s (not the fit's 6e-6 + wait + M / beta
    /// = 7.4e-6), the publish + Get's latency plus M / beta to 1.6e-5 s; the wait stays the
    /// part of the latency the ranks spent waiting.
    @Test func measuredCallsPriceTheEvent() throws {
        let d = Self.measuredCalls, m = 400.0
        let all = try #require(d.costModelOverrides(task: "linreg", pricing: Pricing(.allReduce)))
        let event = Double(all["latency"]!)! * 6 + 2 * 0.75 * m / Double(all["bandwidth"]!)!
        #expect(abs(event - 9e-6) < 1e-15)
        let pop = try #require(d.costModelOverrides(task: "linreg", pricing: Pricing(.publishGet)))
        #expect(abs(Double(pop["latency"]!)! + m / Double(pop["bandwidth"]!)! - 1.6e-5) < 1e-15)
        let cost = try #require(d.callCost(task: "linreg", pricing: Pricing(.allReduce)))
        #expect(abs(try #require(d.waitFraction(task: "linreg", pricing: Pricing(.allReduce))) - 1e-6 / cost.alpha) < 1e-12)
    }

    /// A pattern fit whose slope came out <= 0 (a loaded machine; bandwidth -3e8 or 0.5 B/s) or
    /// whose M / beta exceeds the measured call cannot split the call into latency and
    /// bandwidth: the event still costs the measured call (was 400 s for 400 B at a clamped
    /// 1 B/s), carried by the latency, and the overrides stay in the cost model's ranges.
    @Test func anUnusableFitLeavesTheCallToTheLatency() throws {
        let m = 400.0
        for bandwidth in [-3e8, 0.5, 1e3] {   // 1e3: M / beta = 0.4 s, above the 1.6e-5 s call
            var d = Self.measuredCalls
            d.patterns["publish-get"]?.bandwidth = bandwidth
            d.patterns["allreduce"]?.bandwidth = bandwidth
            let pop = try #require(d.costModelOverrides(task: "linreg", pricing: Pricing(.publishGet)))
            let popBandwidth = try #require(Double(pop["bandwidth"]!))
            #expect(abs(Double(pop["latency"]!)! + m / popBandwidth - 1.6e-5) < 1e-15, "bandwidth \(bandwidth)")
            #expect(popBandwidth >= 1 && popBandwidth <= 1e15)
            let all = try #require(d.costModelOverrides(task: "linreg", pricing: Pricing(.allReduce)))
            let allBandwidth = try #require(Double(all["bandwidth"]!))
            #expect(abs(Double(all["latency"]!)! * 6 + 2 * 0.75 * m / allBandwidth - 9e-6) < 1e-15, "bandwidth \(bandwidth)")
            #expect(allBandwidth >= 1 && allBandwidth <= 1e15)
        }
    }

    /// The profile's JSON keeps the back-to-back step time and the means a pattern was fitted to.
    @Test func roundTrip() throws {
        let back = try JSON.decoder().decode(CalibrationProfile.Deployment.self, from: JSON.prettyEncoder().encode(Self.deployment))
        #expect(back.compute[0].backToBack == 1e-7 && back.patterns["allreduce"]?.means == [2])
        let calls = try JSON.decoder().decode(CalibrationProfile.Deployment.self, from: JSON.prettyEncoder().encode(Self.measuredCalls))
        #expect(calls.compute[0].calls?["publish-get"] == 1.6e-5)
    }
}
