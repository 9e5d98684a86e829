import Foundation
import PopBenchCore

/// The law of a run of fresh interactions inside a multibatch, sampled by thinning (runs that
/// start with fewer than 2 sqrt(n) agents touched: by inversion of the tail, `invert`).
///
/// With τ agents touched, the next interaction involves a touched agent with probability
/// h(τ) = 1 - (n-τ)(n-τ-1)/(n(n-1)) = τ(2n-τ-1)/(n(n-1)) (the second form has no cancellation).
/// A fresh interaction touches two more agents, so from t touched agents the i-th interaction
/// of the run (i = 0, 1, ...) is the collision with probability h(t + 2i), independently of the
/// others given that none before it was: the run length R (fresh interactions before the first
/// collision) has P(R >= r) = prod_{i<r} (1 - h(t + 2i)) = u!/((u-2r)! (n(n-1))^r), u = n - t.
///
/// h grows with τ, so on a window τ <= T the constant hazard h* = h(T) dominates it. Thinning
/// (Lewis and Shedler, 1979, here for Bernoulli trials): candidates at Geometric(h*) gaps, each
/// accepted with probability h(τ)/h*, give independent events of probability h(τ) at every
/// position, hence exactly the law of R. A candidate beyond the window moves to its end (no
/// candidate inside it, and the geometric gaps are memoryless) and a new window starts. Windows
/// grow with τ (T = τ + max(2, τ/16)), so acceptance is at least about 94% once τ >= 32, and
/// the window, with its log1p, is kept from one run to the next: a run costs one exponential
/// deviate (`ExponentialZiggurat`, no logarithm) and one or two uniforms, where an inversion of
/// the tail takes several Stirling terms.
///
/// One sampler per multibatch (its window belongs to the batch's τ, which only grows).
struct FreshRunSampler {
    let n: Int
    /// 1 / (n(n-1)), the denominator of h (a multiply, not a divide, per evaluation).
    private let inversePairs: Double
    /// ln(n(n-1)), for the tail of the inversion.
    private let logPairs: Double
    /// ln(1 - U) is drawn as -E, E ~ Exponential(1) by the ziggurat (no logarithm).
    private let exponential = ExponentialZiggurat()
    /// The window end T (valid for τ <= T), h* = h(T) and 1 / ln(1 - h*) (0 when h* = 1).
    private var windowEnd = -1
    private var hStar = 0.0
    private var inverseLogKeep = 0.0

    init(n: Int) {
        self.n = n
        inversePairs = 1 / (Double(n) * Double(n - 1))
        logPairs = Foundation.log(Double(n)) + Foundation.log(Double(n - 1))
    }

    /// h(τ): the probability that an interaction with τ agents touched involves one of them.
    @inline(__always) func collisionProbability(touched tau: Int) -> Double {
        Double(tau) * Double(2 * n - tau - 1) * inversePairs
    }

    /// Starts a window at τ: T = τ + max(2, τ/16), at most n.
    @inline(__always) private mutating func openWindow(at tau: Int) {
        windowEnd = min(n, tau + max(2, tau >> 4))
        hStar = collisionProbability(touched: windowEnd)
        inverseLogKeep = hStar >= 1 ? 0 : 1 / Foundation.log1p(-hStar)
    }

    /// A run length from t touched agents; a value >= `cap` means "at least cap" (the caller
    /// cuts the run there), so the walk stops at cap.
    mutating func sample(touched t: Int, cap: Int, rng: inout Xoshiro256) -> Int {
        // Below t = 2 sqrt(n) a run spans many windows (it moves τ by about n / t), so it is
        // drawn by inversion of its tail instead: the first runs of every multibatch, which are
        // most of the runs of a protocol with few states (batches of a few dozen collisions).
        if Double(t) * Double(t) < 4 * Double(n) { return min(cap, invert(touched: t, rng: &rng)) }
        var i = 0
        while i < cap {
            let tau = t + 2 * i
            if tau > windowEnd { openWindow(at: tau) }
            // Candidates at positions i + G, G ~ Geometric(h*) failures, G = floor(E /
            // -ln(1-h*)) >= 0 with E ~ Exponential(1) (truncation is the floor here); the window
            // holds positions up to i + (T - τ)/2.
            let room = (windowEnd - tau) >> 1
            let g = -exponential.next(&rng) * inverseLogKeep
            if !(g < Double(room + 1)) { i += room + 1; continue }
            i += Int(g)
            if i >= cap { return cap }
            let h = collisionProbability(touched: t + 2 * i)
            if h >= hStar || rng.uniform() * hStar < h { return i }
            i += 1
        }
        return cap
    }

    /// ln P(R >= r) from t touched agents: ln[u! / ((u - 2r)! (n(n-1))^r)], u = n - t.
    private func logTail(touched t: Int, _ r: Int) -> Double {
        if r == 0 { return 0 }
        let u = n - t
        return ExactSamplers.logFactorialDifference(u, u - 2 * r) - Double(r) * logPairs
    }

    /// A run length from t touched agents by inversion: the largest r with P(R >= r) > U,
    /// found from the root of ln P(R >= r) ~ -2rt/n - 2r^2/u and an exact walk from there.
    private func invert(touched t: Int, rng: inout Xoshiro256) -> Int {
        let logU = -exponential.next(&rng)   // ln U, U uniform on (0, 1]
        let u = n - t, maxR = u / 2
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
