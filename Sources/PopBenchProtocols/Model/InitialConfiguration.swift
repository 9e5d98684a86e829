/// How many of the n agents start in each state (counts or fractions per
/// state, with n and a majority gap where relevant).
///
/// Amounts are resolved against n in order: exact counts first, then fractions (rounded down),
/// then the majority/minority pair from the gap, and `rest` takes what is left. The resolved
/// counts always sum to n.
public struct InitialConfiguration: Sendable, Hashable {
    /// How much of the population one state receives.
    public enum Amount: Sendable, Hashable {
        /// Exactly this many agents.
        case count(Int)
        /// This fraction of n, rounded down.
        case fraction(Double)
        /// The majority side: ceil((n_left + gap*n) / 2) of the agents not given elsewhere.
        case majority
        /// The minority side: what the majority leaves of the agents not given elsewhere.
        case minority
        /// All agents not assigned by the other entries.
        case rest
    }

    /// (state, amount) in the order written.
    public var entries: [(state: String, amount: Amount)]

    public init(_ entries: [(state: String, amount: Amount)]) { self.entries = entries }

    public static func == (a: InitialConfiguration, b: InitialConfiguration) -> Bool {
        a.entries.count == b.entries.count && zip(a.entries, b.entries).allSatisfy { $0.state == $1.state && $0.amount == $1.amount }
    }
    public func hash(into h: inout Hasher) {
        for e in entries { h.combine(e.state); h.combine(e.amount) }
    }

    /// Counts per state index (over `states`) for population n and majority `gap` (fraction of n).
    ///
    /// With gap g and m agents left for the two sides, the majority gets ceil((m + g n)/2) and the
    /// minority the rest, so the margin is at least g n (and exactly g n when parities agree).
    /// Throws when the amounts exceed n or do not fill it.
    public func counts(states: [String], n: Int, gap: Double = 0) throws -> [Int] {
        var counts = [Int](repeating: 0, count: states.count)
        func index(_ s: String) throws -> Int {
            guard let i = states.firstIndex(of: s) else { throw ProtocolError("initial: unknown state '\(s)'") }
            return i
        }
        var left = n
        for e in entries {
            switch e.amount {
            case .count(let c):
                // Checked before subtracting: counts near Int.max must not overflow `left`.
                guard c >= 0, c <= left else { throw ProtocolError("initial: the counts add up to more than n = \(n)") }
                counts[try index(e.state)] += c; left -= c
            case .fraction(let f):
                // f <= 1, but Double(n) may round up past Int.max (n near Int.max): cap at n.
                let wanted = (f * Double(n)).rounded(.down)
                let c = wanted >= Double(n) ? n : Int(wanted)
                guard c >= 0, c <= left else { throw ProtocolError("initial: the counts add up to more than n = \(n)") }
                counts[try index(e.state)] += c; left -= c
            default: break
            }
        }
        if left < 0 { throw ProtocolError("initial: the counts add up to more than n = \(n)") }
        try assignSides(&counts, left: &left, index: index) { left in
            // ceil((left + margin) / 2) without forming left + margin (both may be near Int.max).
            let wanted = (Swift.max(0, gap.isFinite ? gap : 0) * Double(n)).rounded(.up)
            let margin = wanted >= Double(left) ? left : Int(wanted)  // Double(left) may round up past Int.max
            return left / 2 + margin / 2 + (left % 2 + margin % 2 + 1) / 2
        }
        if left != 0 { throw ProtocolError("initial: the counts add up to \(n - left), not n = \(n); add a 'rest' entry") }
        return counts
    }
}

extension InitialConfiguration {
    /// The second half of `counts`, shared by the integer rule and its real-valued twin
    /// (`ProtocolRealStart`): of the `left` agents no count or fraction took, the majority entry
    /// gets `majorityShare(left)` (at most `left`) and the minority the rest, or one named side
    /// gets them all; then `rest` takes what remains. `left` ends at what no entry took.
    func assignSides<C: Numeric & Comparable>(_ counts: inout [C], left: inout C, index: (String) throws -> Int,
                                              majorityShare: (C) -> C) throws {
        let maj = entries.first { $0.amount == .majority }
        let min = entries.first { $0.amount == .minority }
        if let maj {
            let m = min == nil ? left : Swift.min(left, majorityShare(left))
            counts[try index(maj.state)] += m; left -= m
            if let min { counts[try index(min.state)] += left; left = .zero }
        } else if let min {
            counts[try index(min.state)] += left; left = .zero
        }
        if let rest = entries.first(where: { $0.amount == .rest }) {
            counts[try index(rest.state)] += left; left = .zero
        }
    }
}
