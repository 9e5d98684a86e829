import Foundation
import PopBenchCore

/// The law of a run of fresh interactions inside a multibatch.
///
/// With u = n - t of the n agents untouched, the number R of interactions before the first one
/// that involves a touched agent has P(R >= r) = u!/((u - 2r)! (n(n-1))^r), so
/// ln P(R >= r) = S(t + 2r) - S(t) - r ln(1 - 1/n) with S(x) = sum_{i<x} ln(1 - i/n)
/// (writing ln(n - i) = ln n + ln(1 - i/n) cancels the large terms). S is tabulated once per n
/// up to `tableSize` (shared by all trials); beyond it the Stirling form of
/// `ExactSamplers.logFactorialDifference` is used. Sampling is by inversion (gallop from a
/// quadratic guess, then bisection), with two table reads per evaluation.
final class FreshRunSampler: @unchecked Sendable {
    let n: Int
    /// S(0...size-1); immutable after init, kept for the life of the process (no ARC traffic).
    let s: UnsafeMutableBufferPointer<Double>
    let logNN: Double
    let log1mInv: Double

    /// The largest table (entries) kept per n.
    static let maxTable = 1 << 17

    init(n: Int) {
        self.n = n
        let size = min(n + 1, Self.maxTable)
        let t = UnsafeMutableBufferPointer<Double>.allocate(capacity: size)
        t[0] = 0
        var acc = 0.0, comp = 0.0   // Kahan summation
        for i in 1..<size {
            let y = Foundation.log1p(-Double(i - 1) / Double(n)) - comp
            let z = acc + y
            comp = (z - acc) - y
            acc = z
            t[i] = acc
        }
        s = t
        logNN = Foundation.log(Double(n)) + Foundation.log(Double(n - 1))
        log1mInv = Foundation.log1p(-1 / Double(n))
    }

    private static let cache = TableCache<Int, FreshRunSampler> { FreshRunSampler(n: $0) }

    /// The shared sampler of population n.
    static func shared(n: Int) -> FreshRunSampler { cache.value(n) }

    /// ln P(R >= r) with t touched agents.
    @inline(__always) func logTail(touched t: Int, _ r: Int) -> Double {
        if r == 0 { return 0 }
        let end = t + 2 * r
        if end < s.count { return s[end] - s[t] - Double(r) * log1mInv }
        let u = n - t
        return ExactSamplers.logFactorialDifference(u, u - 2 * r) - Double(r) * logNN
    }

    /// A run length with t touched agents.
    func sample(touched t: Int, rng: inout Xoshiro256) -> Int {
        let logU = Foundation.log(rng.uniform())
        let u = n - t
        let maxR = u / 2
        if !(logU > -Double.infinity) { return maxR }
        // ln P(R >= r) ~ -2r t/n - 2r^2/u: a first guess, corrected by the exact walk below.
        let alpha = 2 * Double(t) / Double(n), beta = 2 / Double(max(u, 1))
        let disc = alpha * alpha - 4 * beta * logU
        var lo = max(0, min(maxR, Int((-alpha + disc.squareRoot()) / (2 * beta))))
        if logTail(touched: t, lo) > logU {
            var step = 1
            while lo < maxR {
                let next = min(maxR, lo + step)
                if logTail(touched: t, next) > logU { lo = next; step *= 2 } else if step == 1 { break } else { step = 1 }
            }
            return lo
        }
        var hi = lo, step = 1
        while true {
            let next = max(0, hi - step)
            if next == 0 || logTail(touched: t, next) > logU { lo = next; break }
            hi = next; step *= 2
        }
        while hi - lo > 1 {
            let mid = lo + (hi - lo) / 2
            if logTail(touched: t, mid) > logU { lo = mid } else { hi = mid }
        }
        return lo
    }
}
