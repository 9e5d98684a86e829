import Foundation
import PopBenchCore

/// Initial counts and the correctness check of a trial at a real population size above 2^63
/// (`TrialSetup.realN`), which only the tau engine runs: the counts are whole-valued Doubles.
///
/// The rule is `InitialConfiguration.counts` in real arithmetic: absolute counts, then
/// fractions floor(f N), then the majority ceil((left + ceil(gap N)) / 2) (at most `left`) and
/// the minority the rest of `left`, then `rest`. At N ~ 10^23 a Double holds integers to within
/// about 10^7 (53-bit mantissa), so the counts are whole numbers within one part in 10^16 of the
/// integer rule, and the engine takes their sum as the population.
public enum ProtocolRealStart {
    /// The initial counts of `goal` on `table` at real size `size`, and the check of the final
    /// counts (nil: no `correct` outcome).
    public static func start(_ goal: ProtocolGoal, _ table: CompiledProtocol, setup: TrialSetup, size: Double) throws
        -> (counts: [Double], correct: (@Sendable ([Double]) -> Bool)?) {
        switch goal {
        case .broadcast:
            return (try counts(table, size: size, gap: 0), nil)
        case .majority:
            let (gap, side) = ProtocolTrial.majoritySetup(setup)
            var c = try counts(table, size: size, gap: gap)
            let entries = table.spec.initial.entries
            guard var maj = entries.first(where: { $0.amount == .majority }).flatMap({ table.state($0.state) }) else {
                throw UsageError("--task majority: protocol '\(table.spec.name)' has no 'majority' state in its initial configuration")
            }
            if side == "B", let min = entries.first(where: { $0.amount == .minority }).flatMap({ table.state($0.state) }) {
                c.swapAt(maj, min)
                maj = min
            }
            let symbol = table.output[maj]
            return (c, { final in outputCount(table, final, symbol) == final.reduce(0, +) })
        case .leader(let symbol):
            let o = table.outputSymbols.firstIndex(of: symbol)
            return (try counts(table, size: size, gap: 0), { final in o.map { outputCount(table, final, $0) == 1 } ?? false })
        }
    }

    /// Agents in `counts` whose state outputs symbol index `symbol`.
    static func outputCount(_ table: CompiledProtocol, _ counts: [Double], _ symbol: Int) -> Double {
        var total = 0.0
        for (s, c) in counts.enumerated() where table.output[s] == symbol { total += c }
        return total
    }

    /// `InitialConfiguration.counts` at real size `size` (see the type's comment).
    static func counts(_ table: CompiledProtocol, size: Double, gap: Double) throws -> [Double] {
        let states = table.spec.states
        var counts = [Double](repeating: 0, count: states.count)
        func index(_ s: String) throws -> Int {
            guard let i = states.firstIndex(of: s) else { throw ProtocolError("initial: unknown state '\(s)'") }
            return i
        }
        let entries = table.spec.initial.entries
        var left = size
        for e in entries {
            let c: Double
            switch e.amount {
            case .count(let k): c = Double(k)
            case .fraction(let f): c = (f * size).rounded(.down)
            default: continue
            }
            guard c >= 0, c <= left else { throw ProtocolError("initial: the counts add up to more than n = \(size)") }
            counts[try index(e.state)] += c; left -= c
        }
        try table.spec.initial.assignSides(&counts, left: &left, index: index) { left in
            let margin = Swift.min(left, (Swift.max(0, gap.isFinite ? gap : 0) * size).rounded(.up))
            return ((left + margin) / 2).rounded(.up)
        }
        if left != 0 { throw ProtocolError("initial: the counts add up to \(size - left), not n = \(size); add a 'rest' entry") }
        return counts
    }
}
