import Foundation
import PopBenchCore

/// When the batch engine skips null interactions exactly (`BatchEngine.run`'s `nullSkipping`).
public enum NullSkipPolicy: Sendable, Hashable {
    /// Skip when it is cheaper than batching (`BatchEngine.skipIsCheaper`), and batch again when not.
    case auto
    /// Never: multibatches and single steps only.
    case off
    /// Always: every interaction through null skipping (for tests of the mode's law).
    case always
}

/// Exact null-interaction skipping (the Gillespie algorithm, D. T. Gillespie, J. Comput. Phys.
/// 22, 1976, on ordered agent pairs; ppsim's switch to it at low reactivity is the same idea).
///
/// Of the n(n-1) ordered agent pairs, W = sum over ordered state pairs (p, q) whose rule changes
/// a state of c_p (c_q - [p = q]) are non-null. Interactions are independent uniform ordered
/// pairs, so the number of null interactions before the next non-null one is Geometric(P),
/// P = W / (n(n-1)), P(G = g) = (1 - P)^g P, and the non-null pair is (p, q) with probability
/// c_p (c_q - [p = q]) / W. Null interactions change nothing, so the configuration after
/// G + 1 interactions is exactly that of the engine that simulates all of them, and the
/// convergence tracker sees the one change: the convergence time is exact to one interaction.
///
/// Bookkeeping per non-null interaction is O(m) (m present states): `nullRow[p]` holds
/// R_p = sum over present q with (p, q) non-null of (c_q - [q = p]), so W = sum_p c_p R_p; a
/// unit change of c_s adds its sign to R_p for each present p with (p, s) non-null.
extension BatchWorkspace {
    /// Whether the rule of the ordered pair (p, q) changes a state.
    @inline(__always) func nonNull(_ p: Int, _ q: Int) -> Bool { rules[p * k + q] != UInt32(p << 16 | q) }

    /// W, the number of ordered agent pairs whose interaction changes a state, over the present
    /// states in O(m^2); nil when it exceeds `limit` or does not fit in an Int (then P is far
    /// from small). The run loop asks with the largest W at which skipping pays, so that a
    /// batching phase (W large) stops after a few rows instead of m^2 rule lookups per batch.
    func nonNullPairs(atMost limit: Int = .max) -> Int? {
        var total = 0
        for i in 0..<m {
            let p = present[i]
            var row = 0
            for j in 0..<m where nonNull(p, present[j]) { let q = present[j]; row += c[q] - (q == p ? 1 : 0) }
            let (x, o1) = c[p].multipliedReportingOverflow(by: row)
            let (t, o2) = total.addingReportingOverflow(x)
            if o1 || o2 || t > limit { return nil }
            total = t
        }
        return total
    }

    /// Fills `nullRow` for the present states (entering the mode).
    mutating func beginNullSkipping() {
        for i in 0..<m { nullRow[present[i]] = nullRowFromScratch(present[i]) }
    }

    /// R_p summed over the present states.
    private func nullRowFromScratch(_ p: Int) -> Int {
        var row = 0
        for j in 0..<m where nonNull(p, present[j]) { let q = present[j]; row += c[q] - (q == p ? 1 : 0) }
        return row
    }

    /// W from the rows in O(m) (the rows are exact, so no overflow check is needed once
    /// `nonNullPairs` fitted; W only changes by O(n) per interaction, which the caller's
    /// leave test catches long before Int's range).
    func nullSkipWeight() -> Int {
        var total = 0
        for i in 0..<m { let p = present[i]; total += c[p] * nullRow[p] }
        return total
    }

    /// Draws the non-null ordered pair (p, q) with probability c_p (c_q - [p = q]) / `weight`.
    func drawNonNullPair(weight: Int, rng: inout Xoshiro256) -> (Int, Int) {
        var x = Int(rng.bounded(UInt64(weight)))
        for i in 0..<m {
            let p = present[i], wp = c[p] * nullRow[p]
            if x >= wp { x -= wp; continue }
            var y = x % nullRow[p]   // uniform over the row given p (x is uniform over c_p R_p)
            for j in 0..<m where nonNull(p, present[j]) {
                let q = present[j], wq = c[q] - (q == p ? 1 : 0)
                if y < wq { return (p, q) }
                y -= wq
            }
        }
        preconditionFailure("index beyond the non-null pairs")
    }

    /// Adds d (+1 or -1) to the count of s, keeping the rows and the present list.
    mutating func nullSkipAdjust(_ s: Int, _ d: Int) {
        let before = c[s]
        c[s] = before + d
        for i in 0..<m where nonNull(present[i], s) { nullRow[present[i]] += d }
        if before == 0 {
            present[m] = s; m += 1
            nullRow[s] = nullRowFromScratch(s)
        } else if c[s] == 0 {
            var i = 0
            while present[i] != s { i += 1 }
            m -= 1; present[i] = present[m]
        }
    }

    /// Applies the rule of (p, q) to the counts (decrements first, so no count goes negative).
    mutating func nullSkipApply(_ p: Int, _ q: Int, _ p2: Int, _ q2: Int) {
        if p != p2 { nullSkipAdjust(p, -1) }
        if q != q2 { nullSkipAdjust(q, -1) }
        if p != p2 { nullSkipAdjust(p2, 1) }
        if q != q2 { nullSkipAdjust(q2, 1) }
    }
}

extension ExactSamplers {
    /// A Geometric(P) deviate on {0, 1, ...}, P(G >= g) = (1 - P)^g, by inversion:
    /// floor(ln U / ln(1 - P)) with U uniform on (0, 1]; returned as a Double (it may exceed
    /// UInt64 when P is tiny).
    public static func geometric(_ probability: Double, rng: inout Xoshiro256) -> Double {
        if probability >= 1 { return 0 }
        let u = 1 - rng.uniform()
        return (Foundation.log(u) / log1p(-probability)).rounded(.down)
    }
}
