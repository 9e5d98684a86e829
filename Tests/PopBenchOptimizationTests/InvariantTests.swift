import PopBenchCore
import PopBenchOptimization
import Testing

/// The invariants and cost-model formulas.
@Suite struct InvariantTests {
    @Test func allReduceMakesEveryNodeEqualToTheAverage() {
        var rng = Xoshiro256(seed: 3)
        let n = 7, d = 5
        var x = (0..<(n * d)).map { _ in rng.normal() }
        let mean = (0..<d).map { k in (0..<n).reduce(0.0) { $0 + x[$1 * d + k] } / Double(n) }
        var avg = [Double](repeating: 0, count: d)
        x.withUnsafeMutableBufferPointer { b in
            avg.withUnsafeMutableBufferPointer { a in
                Averaging.allReduce(b.baseAddress!, n: n, d: d, scratch: a.baseAddress!)
            }
        }
        for i in 0..<n { for k in 0..<d { #expect(abs(x[i * d + k] - mean[k]) < 1e-12) } }
    }

    @Test func pushSumPreservesTheSumsAndTheWeightsSumToN() {
        var rng = Xoshiro256(seed: 5)
        let n = 9, d = 3
        var x = (0..<(n * d)).map { _ in rng.normal() }
        var w = [Double](repeating: 1, count: n)
        let sum0 = x.reduce(0, +)
        var ox = x, ow = w
        for _ in 0..<50 {
            // irregular directed graph: random out-peers, so in-degrees and weights vary
            let peers = (0..<n).map { i in (i + 1 + Int(rng.bounded(UInt64(n - 1)))) % n }
            x.withUnsafeBufferPointer { xb in w.withUnsafeBufferPointer { wb in peers.withUnsafeBufferPointer { pb in
                ox.withUnsafeMutableBufferPointer { o in ow.withUnsafeMutableBufferPointer { owb in
                    Averaging.pushSum(xb.baseAddress!, wb.baseAddress!, peers: pb.baseAddress!, n: n, d: d,
                                      out: o.baseAddress!, outW: owb.baseAddress!)
                } }
            } } }
            swap(&x, &ox); swap(&w, &ow)
            #expect(abs(w.reduce(0, +) - Double(n)) < 1e-9)
        }
        #expect(abs(x.reduce(0, +) - sum0) < 1e-9)
        #expect(Set(w.map { ($0 * 1e6).rounded() }).count > 1, "weights stayed uniform; the test needs an irregular graph")
    }

    @Test func sgpWeightsSumToNAfterATrial() throws {
        let rec = try Fixture.run("sgp", task: "mean", n: 12, budget: 100)
        #expect(abs(try #require(rec.outcomes["weight-sum"]) - 12) < 1e-9)
    }

    @Test func metropolisWeightsAreDoublyStochastic() {
        for kind in Topology.Kind.allCases {
            for n in [2, 3, 8, 12, 17] {
                let t = Topology(kind, n: n)
                var colSum = t.selfWeights
                for i in 0..<n {
                    var row = t.selfWeights[i]
                    for e in t.offsets[i]..<t.offsets[i + 1] { row += t.weights[e]; colSum[t.neighbors[e]] += t.weights[e] }
                    #expect(abs(row - 1) < 1e-12)
                    #expect(t.selfWeights[i] >= 0)
                }
                #expect(colSum.allSatisfy { abs($0 - 1) < 1e-12 }, "\(kind) n=\(n)")
            }
        }
    }

    @Test func quantizationIsUnbiased() {
        var rng = Xoshiro256(seed: 11)
        let v: [Double] = [0.3, -1.7, 0.01, 2.0]
        var acc = [Double](repeating: 0, count: 4)
        let reps = 20_000
        for _ in 0..<reps {
            var q = v
            q.withUnsafeMutableBufferPointer { PopSGD.quantize($0.baseAddress!, d: 4, bits: 2, rng: &rng) }
            for k in 0..<4 { acc[k] += q[k] }
        }
        for k in 0..<4 { #expect(abs(acc[k] / Double(reps) - v[k]) < 0.03) }
    }

    @Test func costModelFormulas() {
        let c = CostModel(latency: 1e-4, bandwidth: 1e9, modelBytes: 4e6)
        #expect(abs(c.pairwise - (1e-4 + 4e-3)) < 1e-15)
        #expect(abs(c.allReduce(16) - (2 * 15 * 1e-4 + 2 * (15.0 / 16) * 4e-3)) < 1e-15)
        #expect(c.allReduce(1) == 0)
    }

    @Test func stragglersSlowPSGDMoreThanTheGossipFamilyOnTheWallClock() throws {
        let opts = ["compute": "lognormal", "straggler-sigma": "1.5"]
        var wallPerGrad: [String: Double] = [:]
        for algo in ["psgd", "popsgd", "adpsgd", "sgp"] {
            let rec = try Fixture.run(algo, task: "mean", n: 32, budget: 200, opts)
            wallPerGrad[algo] = try #require(rec.outcomes["wall"]) / (try #require(rec.outcomes["grads"]) / 32)
        }
        for algo in ["popsgd", "adpsgd", "sgp"] {
            #expect(wallPerGrad[algo]! < wallPerGrad["psgd"]!, "\(wallPerGrad)")
        }
    }

    @Test func popsgdDefaultsReproduceThePlainRule() throws {
        let a = try Fixture.run("popsgd", n: 8, budget: 20, seed: 5)
        let b = try Fixture.run("popsgd", n: 8, budget: 20, seed: 5, ["local-steps": "1", "quantize": "0"])
        #expect(a.series == b.series)
        let q = try Fixture.run("popsgd", task: "linreg", n: 8, budget: 5000, seed: 5,
                                ["quantize": "8", "local-steps": "2", "d": "10", "samples": "1000", "noise": "0.1"])
        #expect(try #require(q.series.metrics["distance"]?.last) < 0.05)
    }
}
