import Foundation
import PopBenchCore
import PopBenchProtocols
import Testing

/// `ExactSamplers.hypergeometric` against the exact pmf on every branch: inversion with the
/// roles of sample and category swapped (a small category against a large sample), the
/// complement branches (small bad count, sample above half the population), inversion for a
/// small mean with many draws, inversion from the mode, and HRUA (its acceptance test from the
/// ln(i!) table below 2^16 agents; above, near the mode by a product ratio, farther out by
/// log-factorials).
@Suite struct HypergeometricTests {
    /// ln C(a, b) by lgamma (exact enough for a pmf check: absolute error ~1e-9 at 10^6).
    static func logChoose(_ a: Int, _ b: Int) -> Double {
        lgamma(Double(a) + 1) - lgamma(Double(b) + 1) - lgamma(Double(a - b) + 1)
    }

    static let cases: [(good: Int, bad: Int, sample: Int)] = [
        (3, 999_997, 400_000),        // few good agents, large sample: swapped inversion
        (999_990, 10, 500_000),       // few bad agents
        (40, 1_000_000, 999_000),     // sample above half the population
        (7, 13, 10),                  // everything small
        (5_000, 15_000, 2_000),       // HRUA (mean 500) below 2^16: the ln(i!) table
        (600, 40_000, 500),           // mean 7.4 below 2^16: inversion from the mode
        (3_000, 9_000, 100),          // mean 25, sd 4.3: inversion from the mode
        (12, 300_000, 25),            // small sample and small category
        (20, 2_000_000, 300_000),     // mean 2.6 with m >= 16: inversion from P(0) by log-factorials
        (200_000, 800_000, 100_000),  // HRUA beyond the log-factorial table, near-mode ratio and Stirling
    ]

    @Test(arguments: 0..<10)
    func frequenciesMatchExactPmf(index: Int) {
        let (good, bad, sample) = Self.cases[index]
        var rng = Xoshiro256(seed: UInt64(100 + index))
        let draws = 20_000
        var freq: [Int: Int] = [:]
        for _ in 0..<draws {
            let k = ExactSamplers.hypergeometric(good: good, bad: bad, sample: sample, rng: &rng)
            #expect(k >= max(0, sample - bad) && k <= min(good, sample))
            freq[k, default: 0] += 1
        }
        let lo = max(0, sample - bad), hi = min(good, sample)
        let logTotal = Self.logChoose(good + bad, sample)
        var covered = 0.0
        for k in lo...hi {
            let p = exp(Self.logChoose(good, k) + Self.logChoose(bad, sample - k) - logTotal)
            if p < 1e-4 { #expect(Double(freq[k] ?? 0) <= 5 + Double(draws) * 1e-3, "k = \(k)"); continue }
            covered += p
            // Each cell within 5 binomial standard deviations (false alarm ~1e-6 per cell).
            let expected = Double(draws) * p, sd = (expected * (1 - p)).squareRoot()
            #expect(abs(Double(freq[k] ?? 0) - expected) < 5 * sd + 1,
                    "(\(good), \(bad), \(sample)) k = \(k): \(freq[k] ?? 0) draws, expected \(expected)")
        }
        #expect(covered > 0.99)
    }
}
