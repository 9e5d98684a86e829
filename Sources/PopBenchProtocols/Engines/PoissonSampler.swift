import Foundation
import PopBenchCore

/// Poisson deviates for any mean the tau engine meets, from below 1 to about 10^24, returned as
/// Double (a count of reaction firings may exceed Int64).
///
/// - mean < 10: inversion of the cdf by the recurrence P(k+1) = P(k) mean / (k+1) (at most a
///   few dozen steps).
/// - 10 <= mean < `normalFrom`: W. Hörmann's transformed rejection with squeeze PTRS ("The
///   transformed rejection method for generating Poisson random variables", Insurance:
///   Mathematics and Economics 12, 1993), exact; its acceptance test evaluates
///   k ln(mean) - lgamma(k + 1) + mean, whose terms are about k ln k, so it keeps absolute
///   precision near 1e-6 up to k ~ 1e9.
/// - mean >= `normalFrom`: the normal approximation round(mean + sqrt(mean) Z), whose
///   distance to the Poisson law is of the order of its skewness 1/sqrt(mean) <= 3e-5 there,
///   far below the error of the leap that asked for it.
public enum PoissonSampler {
    /// The mean from which the normal approximation is used.
    public static let normalFrom = 1e9

    /// A Poisson(mean) deviate (mean >= 0).
    public static func sample(mean: Double, rng: inout Xoshiro256) -> Double {
        precondition(mean >= 0 && mean.isFinite, "a Poisson mean must be finite and >= 0")
        if mean == 0 { return 0 }
        if mean < 10 { return inversion(mean, &rng) }
        if mean < normalFrom { return ptrs(mean, &rng) }
        return max(0, (mean + mean.squareRoot() * rng.normal()).rounded())
    }

    /// Inversion for small means.
    static func inversion(_ mean: Double, _ rng: inout Xoshiro256) -> Double {
        var p = Foundation.exp(-mean), k = 0.0
        var u = rng.uniform()
        while u > p && k < 1000 {
            u -= p
            k += 1
            p *= mean / k
        }
        return k
    }

    /// PTRS (Hörmann 1993, algorithm PTRS with the constants of its Table 1).
    static func ptrs(_ mean: Double, _ rng: inout Xoshiro256) -> Double {
        let sq = mean.squareRoot(), logMean = Foundation.log(mean)
        let b = 0.931 + 2.53 * sq
        let a = -0.059 + 0.02483 * b
        let invAlpha = 1.1239 + 1.1328 / (b - 3.4)
        let vr = 0.9277 - 3.6224 / (b - 2)
        while true {
            let u = rng.uniform() - 0.5
            let v = rng.uniform()
            let us = 0.5 - abs(u)
            let k = ((2 * a / us + b) * u + mean + 0.43).rounded(.down)
            if us >= 0.07 && v <= vr { return k }
            if k < 0 || (us < 0.013 && v > us) { continue }
            // ln(v invAlpha / (a/us^2 + b)) <= -mean + k ln(mean) - ln(k!)
            if Foundation.log(v) + Foundation.log(invAlpha) - Foundation.log(a / (us * us) + b)
                <= -mean + k * logMean - lgamma(k + 1) { return k }
        }
    }
}
