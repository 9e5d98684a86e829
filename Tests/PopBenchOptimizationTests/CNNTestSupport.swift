import PopBenchCore
import PopBenchOptimization

// Helpers shared by the CNN tests (public API only).

/// n uniform Floats in [lo, hi) from a seeded generator.
func cnnRandomFloats(_ n: Int, _ rng: inout Xoshiro256, lo: Float = -1, hi: Float = 1) -> [Float] {
    (0..<n).map { _ in lo + (hi - lo) * Float(rng.uniform()) }
}

/// Central finite differences of a scalar function of a Float vector, coordinate by coordinate.
/// The step actually applied (Float(x + eps) - x) is the denominator, so the Float rounding of
/// the perturbed input does not bias the quotient. `f` is evaluated in Float64.
func cnnFiniteDifferences(_ x: inout [Float], eps: Float, indices: [Int]? = nil,
                          _ f: ([Float]) -> Double) -> [Int: Double] {
    var out: [Int: Double] = [:]
    for i in indices ?? Array(x.indices) {
        let x0 = x[i]
        let xp = x0 + eps, xm = x0 - eps
        x[i] = xp; let fp = f(x)
        x[i] = xm; let fm = f(x)
        x[i] = x0
        out[i] = (fp - fm) / (Double(xp) - Double(xm))
    }
    return out
}

/// Largest violation of |analytic - numeric| <= abs + rel * |numeric| (<= 0 means all pass),
/// with the worst index for the message.
func cnnWorstViolation(_ analytic: [Float], _ numeric: [Int: Double], abs: Double, rel: Double)
    -> (excess: Double, index: Int, analytic: Double, numeric: Double) {
    var worst = (excess: -Double.infinity, index: -1, analytic: 0.0, numeric: 0.0)
    for (i, n) in numeric {
        let a = Double(analytic[i])
        let excess = Swift.abs(a - n) - (abs + rel * Swift.abs(n))
        if excess > worst.excess { worst = (excess, i, a, n) }
    }
    return worst
}

/// sum_i r_i y_i in Float64: a random linear functional, the scalar a layer check
/// differentiates (its gradient with respect to y is r).
func cnnDot(_ r: [Float], _ y: UnsafePointer<Float>, _ n: Int) -> Double {
    var s = 0.0
    for i in 0..<n { s += Double(r[i]) * Double(y[i]) }
    return s
}
