import Foundation
import PopBenchCore

/// `cancel-split`: majority with O(log n) states by cancelling, splitting and joining
/// power-of-two values; polylogarithmic time without a phase clock.
///
/// The framework is the cancellation/splitting ("split-join") scheme over values ±2^-i of
/// D. Alistarh, J. Aspnes, R. Gelashvili, "Space-optimal majority in population protocols",
/// SODA 2018 (Section 4), also the base of P. Berenbrink, R. Elsässer, T. Friedetzky,
/// D. Kaaser, P. Kling, T. Radzik, DISC 2018. Those papers order cancellations and splits with
/// a phase clock and add a slow backup; this plugin is the clockless variant, with these
/// details chosen here:
/// - an agent holds a value ±2^-i, 0 <= i <= L = ⌈log2 n⌉, or a signed zero (the sign is the
///   output); inputs A and B start at +1 and -1;
/// - cancel (+2^-i, -2^-i) -> (+0, -0); near cancel (s 2^-i, -s 2^-(i+1)) -> (s 2^-(i+1), s 0)
///   and (s 2^-i, -s 2^-(i+2)) -> (s 2^-(i+1), s 2^-(i+2)); split (s 2^-i, zero) ->
///   (s 2^-(i+1), s 2^-(i+1)) for i < L; a zero meeting s 2^-L takes the sign s; join
///   (s 2^-i, s 2^-i) -> (s 2^-(i-1), s 0) for i >= 1 (it undoes splits the other side no longer
///   needs, so values keep meeting partners of a similar size);
/// - every rule keeps the sum of values, m(#A - #B) with m = 1.
///
/// Correctness (always correct for a nonzero margin; no paper states it for this variant, so
/// the proof is given here). Let M = #A - #B > 0 (the case M < 0 is symmetric); the sum of
/// values is M in every reachable configuration. Write ||C|| for the sum of |value| over agents.
/// (1) Splits, joins and sign adoptions keep ||C||; the three cancel rules lower it by 2^(1-i),
///     2^-i and 2^-(i+1) respectively. ||C|| is a multiple of 2^-L, so only finitely many
///     cancels can happen.
/// (2) From any configuration with a positive and a negative value a cancel is reachable:
///     join same-sign equal values at levels >= 1 until no such pair is left (each join lowers
///     the number of nonzero agents, so this ends). Then each sign holds at most one value at
///     each level i >= 1, so the fractional parts P (positive) and Q (negative) have distinct
///     binary digits and determine their level sets S+ and S-. The sum (k+ - k-) + P - Q = M is
///     an integer and |P - Q| < 1, so P = Q and S+ = S-: if S+ is not empty, two opposite values
///     share a level and cancel; otherwise all values are +-1, both signs are present, and
///     +1, -1 cancel.
/// (3) A configuration without negative values has none forever: every rule gives its outputs
///     the sign of a nonzero participant, and only opposite values meet in a cancel. From such a
///     configuration every -0 agent can meet a positive value (one exists since M > 0) and take
///     its sign (split or sign adoption), so every agent outputs A from then on.
/// By (1) and (2) every reachable configuration has a path to one without negative values, and
/// by (3) from there to all-A configurations that never change output again. In a finite
/// Markov chain this means convergence to the input majority with probability 1, and no
/// configuration with mixed outputs is stable (so the exact convergence check never stops at
/// a wrong answer). The tests check (2) and (3) exhaustively on every configuration reachable
/// at small n. (An earlier version of this comment feared frozen configurations with all
/// opposite values three or more levels apart; (2) shows none exists.)
///
/// No time bound is proven for this clockless variant. States: 2L + 4, built for the given n.
/// The time law is measured: see the README's protocol table (predicted shape
/// `a log(n)^2 + b`, by analogy with the phase-clocked versions).
public enum CancelSplit {
    /// The protocol for population n (L = ⌈log2 n⌉ levels).
    public static func spec(n: Int) -> ProtocolSpec {
        var L = 0
        while (1 << L) < n { L += 1 }
        L = max(L, 1)
        /// Sign s (+1/-1) and exponent e (0...L), e = -1 for a zero.
        struct Value: Hashable { var sign: Int; var e: Int }
        func name(_ v: Value) -> String { (v.sign > 0 ? "+" : "-") + (v.e < 0 ? "0" : "2^-\(v.e)") }
        var values: [Value] = []
        for e in 0...L { values.append(Value(sign: 1, e: e)) }
        values.append(Value(sign: 1, e: -1)); values.append(Value(sign: -1, e: -1))
        for e in (0...L).reversed() { values.append(Value(sign: -1, e: e)) }
        var index: [Value: Int] = [:]
        for (i, v) in values.enumerated() { index[v] = i }
        func zero(_ s: Int) -> Value { Value(sign: s, e: -1) }
        func rule(_ x: Value, _ y: Value) -> (Value, Value) {
            if x.e < 0 && y.e < 0 { return (x, y) }
            if x.e < 0 || y.e < 0 {   // split, or sign adoption at the last level
                let v = x.e < 0 ? y : x
                let r = v.e < L ? (Value(sign: v.sign, e: v.e + 1), Value(sign: v.sign, e: v.e + 1)) : (v, zero(v.sign))
                return x.e < 0 ? (r.1, r.0) : r
            }
            if x.sign == y.sign {   // join
                return x.e == y.e && x.e >= 1 ? (Value(sign: x.sign, e: x.e - 1), zero(x.sign)) : (x, y)
            }
            let (big, small, swapped) = x.e <= y.e ? (x, y, false) : (y, x, true)
            let r: (Value, Value)
            switch small.e - big.e {
            case 0: r = (zero(big.sign), zero(small.sign))
            case 1: r = (Value(sign: big.sign, e: big.e + 1), zero(big.sign))
            case 2: r = (Value(sign: big.sign, e: big.e + 1), Value(sign: big.sign, e: big.e + 2))
            default: r = (big, small)
            }
            return swapped ? (r.1, r.0) : r
        }
        return GeneratedProtocol.spec(
            name: "cancel-split", states: values.map(name), outputs: values.map { $0.sign > 0 ? "A" : "B" },
            initial: InitialConfiguration([("+2^-0", .majority), ("-2^-0", .minority)])
        ) { p, q in
            let (a, b) = rule(values[p], values[q])
            return (index[a]!, index[b]!)
        }
    }

    static let tables = TableCache<Int, CompiledProtocol> { try! CompiledProtocol(spec(n: $0)) }

    /// The compiled table for population n (tables depend on n only through ⌈log2 n⌉).
    public static func table(n: Int) -> CompiledProtocol {
        var L = 0
        while (1 << L) < n { L += 1 }
        return tables.value(1 << max(L, 1))
    }

    /// The catalog entry. Budget 200 (ln n + 1)^2 + 1000: far beyond the measured 0.85 ln^2 n.
    public static let plugin = ProtocolPlugin(
        name: "cancel-split", summary: "majority with 2 ceil(log2 n) + 4 states: cancel, split and join powers of two",
        reference: "in-house clockless variant of the cancel/split framework of Alistarh, Aspnes, Gelashvili, Space-optimal majority in population protocols, SODA 2018",
        goal: .majority, bound: .log2,
        notes: "always correct for a nonzero margin (proof in the doc comment, checked on every reachable configuration for n <= 10); no time bound proven, measured a log^2 n + b",
        claim: ProtocolClaim(row: "cancel/split/join, clockless (in-house)",
                             paper: "in-house; framework of Alistarh, Aspnes, Gelashvili, SODA 2018 (correctness proof in the doc comment)",
                             states: "2 ceil(log2 n) + 4", time: "none proven (measured)", shape: .log2, exact: true, rules: .inHouse),
        table: { setup in table(n: setup.n) },
        budget: { setup in
            let l = Foundation.log(Double(max(setup.n, 2))) + 1
            return 200 * l * l + 1000
        })
}
