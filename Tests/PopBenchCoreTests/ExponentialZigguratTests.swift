import Foundation
import Testing
import PopBenchCore

/// The ziggurat's Exponential(1) deviates against the closed form: its layers have equal area
/// (the table is what the method assumes), a one-sample Kolmogorov-Smirnov test against
/// 1 - e^-x, the mean and variance (both 1), and the tail beyond the last layer (mass e^-r).
struct ExponentialZigguratTests {
    @Test func layersHaveEqualArea() {
        let z = ExponentialZiggurat()
        let r = ExponentialZiggurat.r, v = (r + 1) * exp(-r)
        // Layer i (1..255) is [0, x[i]] x [y[i], y[i+1]]; the top one ends at y = 1.
        for i in 1..<256 {
            let area = z.x[i] * (z.y[i + 1] - z.y[i])
            #expect(abs(area - v) < 1e-9 * v, "layer \(i): area \(area), want \(v)")
        }
        #expect(z.x[256] == 0 && z.y[256] == 1)
    }

    @Test func matchesTheExponentialLaw() {
        var rng = Xoshiro256(seed: 2026)
        let z = ExponentialZiggurat()
        let count = 1_000_000
        var xs = [Double](repeating: 0, count: count)
        var tail = 0
        for i in 0..<count {
            xs[i] = z.next(&rng)
            if xs[i] > ExponentialZiggurat.r { tail += 1 }
        }
        let mean = xs.reduce(0, +) / Double(count)
        let variance = xs.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(count - 1)
        // Standard errors: mean 1/sqrt(N) = 0.001; variance sqrt(8/N) ~ 0.0028 (fourth moment 9).
        #expect(abs(mean - 1) < 0.005)
        #expect(abs(variance - 1) < 0.015)
        xs.sort()
        var d = 0.0
        for (i, x) in xs.enumerated() {
            let f = 1 - exp(-x)
            d = max(d, abs(Double(i + 1) / Double(count) - f), abs(f - Double(i) / Double(count)))
        }
        let p = Statistics.kolmogorovQ(Double(count).squareRoot() * d)
        #expect(p > 0.01, "KS D = \(d), p = \(p)")
        // The tail beyond r = 7.697 has mass e^-r = 4.54e-4: 454 expected, sd about 21.
        let expected = Double(count) * exp(-ExponentialZiggurat.r)
        #expect(abs(Double(tail) - expected) < 5 * expected.squareRoot(), "tail \(tail), expected \(expected)")
    }
}
