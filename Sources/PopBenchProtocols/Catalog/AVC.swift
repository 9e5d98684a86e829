import Foundation
import PopBenchCore

/// `avc`: Average-and-Conquer exact majority.
///
/// Reference: D. Alistarh, R. Gelashvili, M. Vojnović, "Fast and exact majority in population
/// protocols", PODC 2015 (Section 4, the AVC algorithm; technical report MSR-TR-2015-13).
///
/// Every state has a sign and a value. With an odd parameter m >= 3 and d >= 1 intermediate
/// levels there are s = m + 2d + 1 states:
/// - strong states with odd values ±3, ±5, ..., ±m (weight |value|);
/// - intermediate states ±1_1, ..., ±1_d (value ±1, weight 1);
/// - weak states ±0 (value 0, weight 0; the sign is only the output).
/// Inputs A and B start at +m and −m. The update of an interaction (x, y), as in the paper:
/// 1. if weight(x) > 0 and weight(y) > 1, or weight(y) > 0 and weight(x) > 1 (averaging):
///    x' = R↓((v(x) + v(y)) / 2), y' = R↑((v(x) + v(y)) / 2), where R↓/R↑ round down/up to an
///    odd value and a value ±1 becomes the first intermediate level ±1_1;
/// 2. else if weight(x) · weight(y) = 0 and v(x) + v(y) ≠ 0: the weak agent takes the sign of
///    the sum (Sign-to-Zero) and the other does Shift-to-Zero;
/// 3. else if one agent is ±1_d and the other has weight 1 and the opposite sign: both become
///    weak, one −0 and one +0 (each keeps its sign here: the same configuration, as agents
///    are anonymous);
/// 4. else both do Shift-to-Zero: ±1_j -> ±1_{j+1} for j < d, other states unchanged.
/// The sum of values is invariant, so the sign of m(#A − #B) decides the outcome: AVC is always
/// correct. Expected parallel time O(log n / (s ε) + log n log s) for margin ε n (Theorem 4.1);
/// at a fixed m, d and gap the predicted shape is `a log n + b`.
///
/// Parameters: `m` (odd, default 63) and `d` (default 0 = d = ⌈log2 m⌉ ⌈log2 n⌉, which grows
/// with n: the table is then built for the given n). The paper's condition on the accuracy
/// parameter, quoted from its abstract (technical report MSR-TR-2015-13): AVC converges in
/// time poly-logarithmic in n "provided that the memory per node is s = Ω(1/ε + log n log 1/ε)".
/// The default m = 63 meets s = m + 2d + 1 >= 1/ε for every gap ε >= 0.016 at any n >= 2 and at
/// the default gap 0.01 for n >= 2^3 (d >= 18). The paper's theorem fixes d only up to its
/// constant; d = ⌈log2 m⌉ ⌈log2 n⌉ takes the constant 1 (not checked against the full text,
/// which was not reachable when this was written). m is not tied to 1/ε by default because at
/// the hardest input (ε = 1/n) that would need m ≈ n states, beyond the dense-table limit.
public enum AVC {
    /// One AVC state: value (odd for strong and intermediate, 0 for weak), level (1...d for
    /// intermediate, 0 otherwise) and the sign of a weak state.
    struct State: Hashable {
        var value: Int
        var level: Int
        var negative: Bool
        var weight: Int { abs(value) }
        var sign: Int { value != 0 ? (value > 0 ? 1 : -1) : (negative ? -1 : 1) }
        var name: String {
            if value == 0 { return negative ? "-0" : "+0" }
            if abs(value) == 1 { return "\(value > 0 ? "+" : "-")1_\(level)" }
            return value > 0 ? "+\(value)" : "\(value)"
        }
    }

    /// The intermediate level count the paper prescribes for population n: ⌈log2 m⌉ ⌈log2 n⌉.
    public static func paperLevels(m: Int, n: Int) -> Int {
        func clog2(_ x: Int) -> Int { var k = 0; while (1 << k) < x { k += 1 }; return max(k, 1) }
        return clog2(m) * clog2(n)
    }

    /// The protocol with parameters m (odd, >= 3) and d >= 1.
    public static func spec(m: Int, d: Int) -> ProtocolSpec {
        precondition(m >= 3 && m % 2 == 1 && d >= 1)
        var states: [State] = []
        for v in stride(from: m, through: 3, by: -2) { states.append(State(value: v, level: 0, negative: false)) }
        for j in 1...d { states.append(State(value: 1, level: j, negative: false)) }
        states.append(State(value: 0, level: 0, negative: false))
        states.append(State(value: 0, level: 0, negative: true))
        for j in (1...d).reversed() { states.append(State(value: -1, level: j, negative: true)) }
        for v in stride(from: 3, through: m, by: 2) { states.append(State(value: -v, level: 0, negative: true)) }
        var index: [State: Int] = [:]
        for (i, s) in states.enumerated() { index[s] = i }
        func fromValue(_ v: Int) -> State { abs(v) == 1 ? State(value: v, level: 1, negative: v < 0) : State(value: v, level: 0, negative: v < 0) }
        func shift(_ s: State) -> State { s.weight == 1 && s.level < d ? State(value: s.value, level: s.level + 1, negative: s.negative) : s }
        func update(_ x: State, _ y: State) -> (State, State) {
            if (x.weight > 0 && y.weight > 1) || (y.weight > 0 && x.weight > 1) {
                let avg = (x.value + y.value) / 2   // both odd: the sum is even
                if avg % 2 != 0 { return (fromValue(avg), fromValue(avg)) }
                return (fromValue(avg - 1), fromValue(avg + 1))
            }
            let sum = x.value + y.value
            if x.weight * y.weight == 0 && sum != 0 {
                let zero = State(value: 0, level: 0, negative: sum < 0)
                return x.weight == 0 ? (zero, shift(y)) : (shift(x), zero)
            }
            if x.weight == 1 && y.weight == 1 && x.sign != y.sign && (x.level == d || y.level == d) {
                return (State(value: 0, level: 0, negative: x.sign < 0), State(value: 0, level: 0, negative: y.sign < 0))
            }
            return (shift(x), shift(y))
        }
        return GeneratedProtocol.spec(
            name: "avc", states: states.map(\.name), outputs: states.map { $0.sign > 0 ? "A" : "B" },
            initial: InitialConfiguration([("+\(m)", .majority), ("-\(m)", .minority)])
        ) { p, q in
            let (a, b) = update(states[p], states[q])
            return (index[a]!, index[b]!)
        }
    }

    struct Key: Hashable, Sendable { var m: Int; var d: Int }
    static let tables = TableCache<Key, CompiledProtocol> { try! CompiledProtocol(spec(m: $0.m, d: $0.d)) }

    /// The configured m (default 63).
    static func m(_ setup: TrialSetup) -> Int { setup.config["m"].flatMap { Int($0.description) } ?? 63 }

    /// The compiled table for a setup (d from the paper's rule when the parameter is 0).
    public static func table(_ setup: TrialSetup) -> CompiledProtocol {
        let d0 = setup.config["d"].flatMap { Int($0.description) } ?? 0
        return tables.value(Key(m: m(setup), d: d0 > 0 ? d0 : paperLevels(m: m(setup), n: setup.n)))
    }

    /// The catalog entry. Budget 100 (ln n + 1) (1 / (m gap) + log2 s) + 1000: far beyond the
    /// expectation.
    public static let plugin = ProtocolPlugin(
        name: "avc", summary: "average-and-conquer exact majority with m + 2d + 1 states",
        reference: "Alistarh, Gelashvili, Vojnovic, Fast and exact majority in population protocols, PODC 2015",
        goal: .majority,
        parameters: [
            .int("m", default: 63, range: 3...4001, help: "largest strong value (odd): inputs start at +m and -m"),
            .int("d", default: 0, range: 0...1000, help: "intermediate levels; 0 = the paper's ceil(log2 m) ceil(log2 n)"),
        ],
        bound: .log,
        notes: "always correct; O(log n/(s gap) + log n log s) parallel time with s = m + 2d + 1 states",
        claim: ProtocolClaim(row: "AVC [AGV15]", states: "s = m + 2d + 1",
                             time: "O(log n / (s eps) + log n log s)", shape: .log, exact: true),
        table: { setup in table(setup) },
        budget: { setup in
            let gap = max(ProtocolTrial.majoritySetup(setup).gap, 1 / Double(max(setup.n, 1)))
            let states = Double(table(setup).stateCount)
            return 100 * (Foundation.log(Double(max(setup.n, 2))) + 1) * (1 / (Double(m(setup)) * gap) + log2(states)) + 1000
        },
        check: { setup in
            if m(setup) % 2 == 0 { throw UsageError("avc: m must be odd (got \(m(setup)))") }
        })
}
