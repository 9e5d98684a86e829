import Testing
import PopBenchCore

@Suite struct SeedDerivationTests {
    @Test func seedsAreDistinctAcrossTrialsAndPlugins() {
        var seen = Set<UInt64>()
        for plugin in ["sgd", "popsgd"] {
            for trial in 0..<1000 {
                seen.insert(SeedDerivation.trialSeed(master: 42, experiment: "mean", plugin: plugin,
                                                     parameters: "", n: 64, trial: trial))
            }
        }
        #expect(seen.count == 2000)
    }

    @Test func seedIsAPureFunctionOfItsInputs() {
        let a = SeedDerivation.trialSeed(master: 7, experiment: "e", plugin: "p", parameters: "x=1", n: 8, trial: 3)
        let b = SeedDerivation.trialSeed(master: 7, experiment: "e", plugin: "p", parameters: "x=1", n: 8, trial: 3)
        let c = SeedDerivation.trialSeed(master: 8, experiment: "e", plugin: "p", parameters: "x=1", n: 8, trial: 3)
        #expect(a == b)
        #expect(a != c)
    }

    @Test func lemireBoundedIsUniform() {
        // Chi-square goodness of fit over 10 bins, 100k draws: 99.9% critical value for 9 dof is 27.88.
        var rng = Xoshiro256(seed: 1)
        var counts = [Int](repeating: 0, count: 10)
        for _ in 0..<100_000 { counts[Int(rng.bounded(10))] += 1 }
        let chi2 = counts.reduce(0.0) { $0 + pow(Double($1) - 10_000, 2) / 10_000 }
        #expect(chi2 < 27.88)
    }

    @Test func normalHasUnitVariance() {
        var rng = Xoshiro256(seed: 2)
        let n = 200_000
        var s = 0.0, s2 = 0.0
        for _ in 0..<n { let z = rng.normal(); s += z; s2 += z * z }
        let mean = s / Double(n), variance = s2 / Double(n) - mean * mean
        // Standard errors: mean 1/sqrt(n) = 0.0022, variance sqrt(2/n) = 0.0032; 5 sigma tolerances.
        #expect(abs(mean) < 0.012)
        #expect(abs(variance - 1) < 0.016)
    }
}

import Foundation
