import PopBenchCore

/// Byte-level mutations of protocol files, biased toward YAML structure and the parser's own
/// vocabulary (nesting brackets, block indicators, huge counts, rule arrows) so that a few
/// thousand inputs per second reach past the YAML layer into the protocol checks.
struct Mutator {
    var rng: Xoshiro256

    /// Fragments inserted by `insertToken`: YAML syntax, protocol words, extreme numbers.
    static let tokens: [String] = [
        "[", "]", "{", "}", "- ", ": ", "? ", ",", "\n", "  ", "\t", "#", "'", "\"", "&a ", "*a", "!!str ", "|", ">",
        "->", "+", " -> ", "A, B -> A, U", "rest", "majority", "minority", "0.5", "1e308", "-1", "0",
        "9223372036854775807", "9223372036854775806", "18446744073709551616", "nan", "count(A) == 1",
        "count(A, B) <= 9223372036854775807", "stable", "states: ", "rules: ", "initial: ", "outputs: ",
        "convergence: ", "task: ", "bound: ", "name: ", "\u{0}", "\u{FEFF}", "é", "~", "null", "true",
    ]

    mutating func pick(_ n: Int) -> Int { Int(rng.bounded(UInt64(max(n, 1)))) }

    /// One to four mutations of `input`, splicing from `others` now and then.
    mutating func mutate(_ input: [UInt8], others: [[UInt8]]) -> [UInt8] {
        var b = input
        for _ in 0..<(1 + pick(4)) {
            switch pick(8) {
            case 0 where !b.isEmpty:  // flip a byte
                b[pick(b.count)] ^= UInt8(truncatingIfNeeded: 1 << pick(8))
            case 1 where !b.isEmpty:  // delete a range
                let at = pick(b.count), len = 1 + pick(min(16, b.count - at))
                b.removeSubrange(at..<min(b.count, at + len))
            case 2 where !b.isEmpty:  // duplicate a range (repeated structure, deeper nesting)
                let at = pick(b.count), len = 1 + pick(min(64, b.count - at))
                let piece = Array(b[at..<min(b.count, at + len)])
                let times = 1 + pick(pick(2) == 0 ? 4 : 200)
                b.insert(contentsOf: Array(repeating: piece, count: times).joined(), at: pick(b.count + 1))
            case 3, 4:  // insert a token
                b.insert(contentsOf: Array(Self.tokens[pick(Self.tokens.count)].utf8), at: pick(b.count + 1))
            case 5 where !others.isEmpty:  // splice a line range from another input
                let other = others[pick(others.count)]
                if !other.isEmpty {
                    let at = pick(other.count), len = 1 + pick(min(200, other.count - at))
                    b.insert(contentsOf: other[at..<min(other.count, at + len)], at: pick(b.count + 1))
                }
            case 6:  // a random byte
                b.insert(UInt8(truncatingIfNeeded: rng.next()), at: pick(b.count + 1))
            default:  // replace a number-like run with an extreme count
                if let at = b.indices.shuffled(using: &rng).first(where: { b[$0] >= 48 && b[$0] <= 57 }) {
                    b.replaceSubrange(at...at, with: Array(["9223372036854775807", "0", "-5", "1.5", "99999999999999999999"][pick(5)].utf8))
                }
            }
        }
        if b.count > 1 << 18 { b.removeLast(b.count - (1 << 18)) }
        return b
    }
}
