import PopBenchCore
import PopBenchOptimization
import Testing

/// PopSGD's one-sided averaging (the reference MPI code): the initiator averages with the
/// partner's model, the partner keeps its own. It is PopSGD's default (the deployed rule).
@Suite struct OneSidedAveragingTests {
    @Test func withoutGradientsOnlyTheInitiatorMoves() {
        var xi: [Double] = [1, 2, 3]
        let xj: [Double] = [5, -2, 0], zero = [Double](repeating: 0, count: 3)
        xi.withUnsafeMutableBufferPointer { a in
            PopSGD.averageOneSided(a.baseAddress!, from: xj, zero, eta: 0, d: 3)
        }
        #expect(xi == [3, 0, 1.5])
        #expect(xj == [5, -2, 0])
    }

    @Test func theInitiatorStepsAlongItsOwnGradient() {
        // x_i = (0 + 2)/2 - 0.1 * 1 = 0.9, whatever the partner's gradient would be.
        var xi: [Double] = [0]
        let xj: [Double] = [2], gi: [Double] = [1]
        xi.withUnsafeMutableBufferPointer { a in
            PopSGD.averageOneSided(a.baseAddress!, from: xj, gi, eta: 0.1, d: 1)
        }
        #expect(abs(xi[0] - 0.9) < 1e-15)
    }

    @Test func theDefaultIsTheOneSidedRule() throws {
        let a = try Fixture.run("popsgd", n: 8, budget: 20, seed: 7)
        let b = try Fixture.run("popsgd", n: 8, budget: 20, seed: 7, ["averaging": "one-sided"])
        let c = try Fixture.run("popsgd", n: 8, budget: 20, seed: 7, ["averaging": "symmetric"])
        #expect(a.series.metrics["error"] == b.series.metrics["error"])
        #expect(a.series.metrics["error"] != c.series.metrics["error"])
    }

    @Test(arguments: [[String: String](), ["local-steps": "2"], ["quantize": "8"]])
    func oneSidedReachesTheSyntheticLinregOptimum(_ extra: [String: String]) throws {
        var overrides = ["d": "10", "samples": "2000", "condition": "4", "noise": "0.01", "averaging": "one-sided"]
        overrides.merge(extra) { _, new in new }
        let rec = try Fixture.run("popsgd", task: "linreg", n: 8, budget: 20_000, overrides)
        let dist = try #require(rec.series.metrics["distance"]?.last)
        #expect(rec.status == .ok)
        #expect(dist < 1e-3, "\(extra): relative distance \(dist)")
    }

    /// The partner never waits: over the same parallel time, one-sided gets (one gradient per
    /// event, nobody waits) finish sooner on the wall clock than symmetric rendezvous exchanges.
    @Test func oneSidedReadsNeverWaitLonger() throws {
        let common = ["compute": "lognormal"]
        let sym = try Fixture.run("popsgd", n: 32, budget: 50, seed: 3, common.merging(["averaging": "symmetric"]) { $1 })
        let one = try Fixture.run("popsgd", n: 32, budget: 50, seed: 3, common.merging(["averaging": "one-sided"]) { $1 })
        let ws = try #require(sym.outcomes["wall"]), wo = try #require(one.outcomes["wall"])
        #expect(wo < ws, "one-sided \(wo) vs symmetric \(ws)")
    }
}
