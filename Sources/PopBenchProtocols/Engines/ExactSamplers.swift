import Foundation
import PopBenchCore

/// Samplers that stay exact for counts far above 2^32 (GSL's take 32-bit counts).
/// Log-factorial differences are computed from Stirling's series written with log1p,
/// so a difference of two factorials near 10^12 keeps full relative precision instead of
/// losing it to the cancellation of two lgamma values of size 10^13; below 2^16 they are read
/// from a table.
public enum ExactSamplers {
    /// ln(i!) for i < `logFactorialTableSize`, by lgamma (each within about one ulp, so a
    /// difference of two entries is within about 2e-10 absolute). Built once per process
    /// (512 KiB), immutable after, never freed.
    nonisolated(unsafe) static let logFactorials: UnsafePointer<Double> = {
        let t = UnsafeMutablePointer<Double>.allocate(capacity: logFactorialTableSize)
        for i in 0..<logFactorialTableSize { t[i] = lgamma(Double(i) + 1) }
        return UnsafePointer(t)
    }()
    static let logFactorialTableSize = 1 << 16

    /// ln(a!) - ln(b!) for integers a, b >= 0: two table reads when both are below 2^16 (the
    /// hypergeometric sampler's hot case), else accurate to about 1e-14 relative to its size.
    public static func logFactorialDifference(_ a: Int, _ b: Int) -> Double {
        if a == b { return 0 }
        if a < logFactorialTableSize && b < logFactorialTableSize { return logFactorials[a] - logFactorials[b] }
        if min(a, b) < 16 { return lgamma(Double(a) + 1) - lgamma(Double(b) + 1) }
        let x = Double(a), y = Double(b), d = Double(a - b)
        // S(x) = x ln x - x + ln(2 pi x)/2 + 1/(12x) - 1/(360x^3) + 1/(1260x^5) (error < 1/(1680 x^7)).
        // x ln x - y ln y = x log1p(d/y) + d ln y; ln(x/y) = log1p(d/y).
        let l = log1p(d / y)
        let main = x * l + d * Foundation.log(y) - d + 0.5 * l
        func corr(_ z: Double) -> Double { let z2 = z * z; return (1 / 12 - (1 / 360 - 1 / (1260 * z2)) / z2) / z }
        return main + corr(x) - corr(y)
    }

    /// An exact Hypergeometric(good, bad, sample) deviate: the number of good items among
    /// `sample` drawn without replacement. Small samples by inversion of the pmf recurrence;
    /// otherwise Stadlober's ratio-of-uniforms method HRUA (E. Stadlober, "The ratio of
    /// uniforms approach for generating discrete random variates", J. Comput. Appl. Math. 31,
    /// 1990), the algorithm numpy uses, with exact log-factorial differences.
    ///
    /// The law is symmetric in the two subsets (the intersection of a uniform `sample`-subset
    /// with a fixed `good`-subset is distributed as that of a uniform `good`-subset with a fixed
    /// `sample`-subset), so the roles are swapped when that makes the draw count smaller: a
    /// category with a few agents against a large sample is then drawn by the cheap inversion.
    public static func hypergeometric(good goodCount: Int, bad badCount: Int, sample sampleCount: Int, rng: inout Xoshiro256) -> Int {
        precondition(goodCount >= 0 && badCount >= 0 && sampleCount >= 0 && sampleCount <= goodCount + badCount)
        if sampleCount == 0 || goodCount == 0 { return 0 }
        if badCount == 0 { return sampleCount }
        let pop = goodCount + badCount
        let swap = min(goodCount, pop - goodCount) < min(sampleCount, pop - sampleCount)
        let good = swap ? sampleCount : goodCount, sample = swap ? goodCount : sampleCount
        let bad = pop - good
        let m = min(sample, pop - sample)
        let minGB = min(good, bad), maxGB = max(good, bad)
        var k: Int
        if m < 16 {
            var p0 = 1.0
            for i in 0..<m { p0 *= Double(maxGB - i) / Double(pop - i) }
            k = inversion(minGB: minGB, maxGB: maxGB, m: m, p0: p0, rng: &rng)
        } else if Double(m) * Double(minGB) < smallMean * Double(pop) {
            // A small mean (most cells of a batch's matching): the inversion walks about mean + 1
            // steps from P(0) = [b!/(b-m)!] / [(g+b)!/(g+b-m)!], cheaper than HRUA's four
            // log-factorial differences per trial.
            let p0 = Foundation.exp(logFactorialDifference(maxGB, maxGB - m) - logFactorialDifference(pop, pop - m))
            k = inversion(minGB: minGB, maxGB: maxGB, m: m, p0: p0, rng: &rng)
        } else if pop < logFactorialTableSize && Double(m) * Double(minGB) < modeInversionMean * Double(pop) {
            k = modeInversion(minGB: minGB, maxGB: maxGB, m: m, pop: pop, rng: &rng)
        } else {
            k = hrua(minGB: minGB, maxGB: maxGB, m: m, pop: pop, rng: &rng)
        }
        if good > bad { k = m - k }
        if m < sample { k = good - k }
        return k
    }

    /// Means m g / (g + b) below which a draw of m >= 16 goes by inversion instead of HRUA
    /// (inversion costs about mean + 1 steps after one exp; HRUA about six log-factorial
    /// differences).
    static let smallMean = 4.0

    /// Means below which a draw of m >= 16 from a population below 2^16 goes by inversion from
    /// the mode (`modeInversion`, about 0.8 sd + 1 steps) instead of HRUA.
    static let modeInversionMean = 40.0

    /// Inversion for Hypergeometric(g = minGB good, b = maxGB bad, m draws) from the mode: P(mode)
    /// = C(g, mode) C(b, m-mode) / C(pop, m) from the ln(i!) table (pop < 2^16), then the support
    /// in a fixed order that depends only on the parameters (from the mode outwards, alternately
    /// above and below: mode + 1, mode - 1, mode + 2, ...), with P(x-1)/P(x) =
    /// x(b-m+x)/((g-x+1)(m-x+1)) and P(x+1)/P(x) = (g-x)(m-x)/((x+1)(b-m+x+1)). Inverting the
    /// cumulative sum over any fixed order of the support is exact; the walk is short because
    /// the order stays near the mode, and alternating (rather than taking the more probable
    /// neighbour first) leaves the exit as the only unpredictable branch: avc at 10^7 2.87 ->
    /// 2.70 s. Each step multiplies by a ratio whose division does not wait for the previous
    /// probability (p * (a / b), not (p * a) / b): the walk's dependency chain is the multiply
    /// alone. When rounding leaves U beyond the whole computed sum (probability about 1e-15), U
    /// is drawn again, which samples the computed pmf exactly.
    static func modeInversion(minGB g: Int, maxGB b: Int, m: Int, pop: Int, rng: inout Xoshiro256) -> Int {
        let t = logFactorials
        let mode = Int(Double(m + 1) * Double(g + 1) / Double(pop + 2))   // >= 0: truncation is the floor
        let hi = min(m, g)   // b >= pop/2 >= m, so the support starts at 0
        let lnP = t[g] - t[mode] - t[g - mode] + t[b] - t[m - mode] - t[b - m + mode] - (t[pop] - t[m] - t[pop - m])
        let pMode = Foundation.exp(lnP)
        @inline(__always) func down(_ x: Int, _ p: Double) -> Double {   // P(x-1) from P(x), x >= 1
            p * ((Double(x) * Double(b - m + x)) / (Double(g - x + 1) * Double(m - x + 1)))
        }
        @inline(__always) func up(_ x: Int, _ p: Double) -> Double {     // P(x+1) from P(x), x < hi
            p * ((Double(g - x) * Double(m - x)) / (Double(x + 1) * Double(b - m + x + 1)))
        }
        while true {
            var u = rng.uniform() - pMode
            if u < 0 { return mode }
            // Alternate sides (mode + 1, mode - 1, mode + 2, ...): a fixed order with no
            // data-dependent choice of side, so the only unpredictable branch is the exit.
            var lo = mode, top = mode
            var pLo = lo > 0 ? down(lo, pMode) : 0, pTop = top < hi ? up(top, pMode) : 0
            while lo > 0 || top < hi {
                if top < hi {
                    top += 1
                    u -= pTop
                    if u < 0 { return top }
                    pTop = top < hi ? up(top, pTop) : 0
                }
                if lo > 0 {
                    lo -= 1
                    u -= pLo
                    if u < 0 { return lo }
                    pLo = lo > 0 ? down(lo, pLo) : 0
                }
            }
        }
    }

    /// Inversion for Hypergeometric(minGB good, maxGB bad, m draws) from p0 = P(0) (for m < 16
    /// a product of m ratios, else from log-factorials), then P(x+1)/P(x) =
    /// (g-x)(m-x)/((x+1)(b-m+x+1)): the sequential search of the cumulative distribution.
    static func inversion(minGB g: Int, maxGB b: Int, m: Int, p0: Double, rng: inout Xoshiro256) -> Int {
        var p = p0
        var u = rng.uniform()
        var x = 0
        while u >= p && x < min(m, g) {
            u -= p
            p *= Double(g - x) * Double(m - x) / (Double(x + 1) * Double(b - m + x + 1))
            x += 1
        }
        return x
    }

    /// HRUA for m >= 16 draws, min(good, bad) = g, max = b.
    static func hrua(minGB g: Int, maxGB b: Int, m: Int, pop: Int, rng: inout Xoshiro256) -> Int {
        let d1 = 1.715_527_769_921_413_5, d2 = 0.898_916_162_058_898_8   // 2 sqrt(2/e), 3 - 2 sqrt(3/e)
        let p = Double(g) / Double(pop), q = Double(b) / Double(pop)
        let a = Double(m) * p + 0.5
        let variance = Double(pop - m) * Double(m) * p * q / Double(pop - 1)
        let c = (variance + 0.5).squareRoot()
        let h = d1 * c + d2
        let mode = Int(Double(m + 1) * Double(g + 1) / Double(pop + 2))   // >= 0: truncation is the floor
        let upper = min(Double(min(m, g) + 1), Double(Int(a + 16 * c)))   // floor, as above
        // Below 2^16 agents every factorial is in the ln(i!) table: ln f(mode) once, then
        // ln f(k) is four reads per trial (cheaper than the product near the mode, whose
        // factors cost a division each).
        let t = logFactorials, tabled = pop < logFactorialTableSize
        let lnModeTerms = tabled ? t[mode] + t[g - mode] + t[m - mode] + t[b - m + mode] : 0
        while true {
            let u = 1 - rng.uniform()          // (0, 1]
            let v = rng.uniform()
            let x = a + h * (v - 0.5) / u
            if !(x >= 0 && x < upper) { continue }
            let k = Int(x)
            // Accept when u^2 <= f(k)/f(mode), f the unnormalized pmf 1/(k!(g-k)!(m-k)!(b-m+k)!):
            // T = ln f(k) - ln f(mode), with Stadlober's squeezes before the final 2 ln u <= T.
            if tabled {
                let lnRatio = lnModeTerms - (t[k] + t[g - k] + t[m - k] + t[b - m + k])
                if u * (4 - u) - 3 <= lnRatio { return k }
                if u * (u - lnRatio) >= 1 { continue }
                if 2 * Foundation.log(u) <= lnRatio { return k }
                continue
            }
            // Near the mode the ratio is a short product (`ratioToMode`): no logarithm.
            if abs(k - mode) <= 16 {
                if u * u <= ratioToMode(k, mode: mode, g: g, b: b, m: m) { return k }
                continue
            }
            // Far from it, T from four log-factorial differences.
            let lnRatio = logFactorialDifference(mode, k) + logFactorialDifference(g - mode, g - k)
                + logFactorialDifference(m - mode, m - k) + logFactorialDifference(b - m + mode, b - m + k)
            if u * (4 - u) - 3 <= lnRatio { return k }
            if u * (u - lnRatio) >= 1 { continue }
            if 2 * Foundation.log(u) <= lnRatio { return k }
        }
    }

    /// f(k) / f(mode) for the hypergeometric's unnormalized pmf f(k) = 1/(k!(g-k)!(m-k)!(b-m+k)!),
    /// as a product of |k - mode| factors: for k > mode, prod_{i=1..k-mode} (g-mode-i+1)(m-mode-i+1)
    /// / ((mode+i)(b-m+mode+i)); for k < mode, prod_{i=1..mode-k} (k+i)(b-m+k+i) /
    /// ((g-k-i+1)(m-k-i+1)). Every factor is at most about 1 (f falls away from its mode), so the
    /// partial products neither overflow nor lose more than a few ulps.
    @inline(__always) static func ratioToMode(_ k: Int, mode: Int, g: Int, b: Int, m: Int) -> Double {
        var r = 1.0
        if k > mode {
            for i in 1...(k - mode) {
                r *= (Double(g - mode - i + 1) * Double(m - mode - i + 1)) / (Double(mode + i) * Double(b - m + mode + i))
            }
        } else if k < mode {
            for i in 1...(mode - k) {
                r *= (Double(k + i) * Double(b - m + k + i)) / (Double(g - k - i + 1) * Double(m - k - i + 1))
            }
        }
        return r
    }

    /// Draws `sample` items without replacement from categories with `counts` (summing to
    /// `total`) into `out`: a multivariate hypergeometric deviate by sequential conditionals.
    public static func multivariateHypergeometric(_ counts: UnsafeBufferPointer<Int>, total: Int, sample: Int,
                                                  into out: UnsafeMutableBufferPointer<Int>, rng: inout Xoshiro256) {
        var left = sample, rest = total
        for j in 0..<counts.count {
            let cj = counts[j]
            if left == 0 || cj == 0 { out[j] = 0; rest -= cj; continue }
            rest -= cj
            let x = rest == 0 ? left : hypergeometric(good: cj, bad: rest, sample: left, rng: &rng)
            out[j] = x; left -= x
        }
    }

    /// ln P(the first l interactions among n agents involve 2l distinct agents)
    /// = ln[n! / ((n-2l)! (n(n-1))^l)], computed without cancellation (Stirling with log1p).
    public static func logCollisionFree(n: Int, length l: Int) -> Double {
        if l <= 1 { return 0 }
        let b = n - 2 * l
        if b < 16 {
            return lgamma(Double(n) + 1) - lgamma(Double(b) + 1) - Double(l) * Foundation.log(Double(n) * Double(n - 1))
        }
        // (n + 1/2) log1p(d/b) + d log1p(-d/n) - d + corr(n) - corr(b) - l log1p(-1/n), d = 2l.
        let x = Double(n), y = Double(b), d = Double(2 * l)
        func corr(_ z: Double) -> Double { let z2 = z * z; return (1 / 12 - (1 / 360 - 1 / (1260 * z2)) / z2) / z }
        return (x + 0.5) * log1p(d / y) + d * log1p(-d / x) - d + corr(x) - corr(y) - Double(l) * log1p(-1 / x)
    }

    /// The number of interactions before the first one that involves an agent already used
    /// (the collision-free run length of Berenbrink et al., ESA 2020), by inversion:
    /// the largest l with P(L >= l) > U.
    public static func collisionFreeLength(n: Int, rng: inout Xoshiro256) -> Int {
        let logU = Foundation.log(rng.uniform())
        let maxL = n / 2
        if !(logU > -Double.infinity) { return maxL }
        // ln P(L >= l) = sum_{i<l} ln(1 - (4i + 1)/n + ...) ~ -(2 l^2 - l)/n: start at the root of
        // that quadratic and walk to the exact answer (usually one or two evaluations).
        let guess = (1 + (1 + 8 * Double(n) * -logU).squareRoot()) / 4
        var lo = max(1, min(maxL, Int(guess)))
        if logCollisionFree(n: n, length: lo) > logU {
            // Walk up while P(L >= lo + 1) > U.
            var step = 1
            while lo < maxL {
                let next = min(maxL, lo + step)
                if logCollisionFree(n: n, length: next) > logU { lo = next; step *= 2 } else if step == 1 { break } else { step = 1 }
            }
            return lo
        }
        // Walk down until P(L >= lo) > U (P(L >= 1) = 1 > U).
        var hi = lo
        var step = 1
        while true {
            let next = max(1, hi - step)
            if next == 1 || logCollisionFree(n: n, length: next) > logU { lo = next; break }
            hi = next; step *= 2
        }
        while hi - lo > 1 {
            let mid = lo + (hi - lo) / 2
            if logCollisionFree(n: n, length: mid) > logU { lo = mid } else { hi = mid }
        }
        return lo
    }
}
