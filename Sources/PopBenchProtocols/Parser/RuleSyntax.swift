/// The text form of one transition rule in a protocol file.
///
/// - `A, B -> C, D`: the ordered pair (initiator A, responder B) becomes (C, D); applied
///   exactly as written, never to (B, A).
/// - `A + B -> C + D`: symmetric shorthand, the rule above plus its mirror `B, A -> D, C`.
///
/// Both sides must name exactly two states: a rule with a different number of states on its
/// two sides would create or destroy agents, which the population model forbids.
public enum RuleSyntax {
    /// A state name with its column offset inside the rule text (0-based).
    public typealias Token = (name: String, offset: Int)

    /// The parsed sides of a rule: tokens, whether it is symmetric, and the arrow's offset.
    public struct Parsed {
        public var left: [Token]
        public var right: [Token]
        public var symmetric: Bool
    }

    /// Splits `text` into its two sides; `at` turns a column offset into a file position.
    public static func parse(_ text: String, at: (Int) -> SourceLocation) throws -> Parsed {
        let chars = Array(text)
        guard let arrow = findArrow(chars) else {
            throw ProtocolError("rule '\(text)' has no '->' (write 'A, B -> C, D' or 'A + B -> C + D')", at: at(0))
        }
        let leftText = Array(chars[..<arrow]), rightText = Array(chars[(arrow + 2)...])
        let commaLeft = leftText.contains(","), plusLeft = leftText.contains("+")
        let commaRight = rightText.contains(","), plusRight = rightText.contains("+")
        if (commaLeft && plusLeft) || (commaRight && plusRight) || (commaLeft && plusRight) || (plusLeft && commaRight) {
            throw ProtocolError("rule '\(text)' mixes ',' (ordered) and '+' (symmetric); use one separator", at: at(0))
        }
        let symmetric = plusLeft || plusRight
        let sep: Character = symmetric ? "+" : ","
        let left = tokens(leftText, separator: sep, base: 0)
        let right = tokens(rightText, separator: sep, base: arrow + 2)
        for (side, toks, base) in [("left", left, 0), ("right", right, arrow + 2)] where toks.contains(where: { $0.name.isEmpty }) {
            throw ProtocolError("rule '\(text)': empty state name on the \(side) side", at: at(toks.first { $0.name.isEmpty }?.offset ?? base))
        }
        if left.count != right.count {
            throw ProtocolError("rule '\(text)' creates or destroys agents: \(left.count) in, \(right.count) out (each side needs two states)", at: at(arrow))
        }
        if left.count != 2 {
            throw ProtocolError("rule '\(text)' has \(left.count) states per side; an interaction involves exactly two agents", at: at(0))
        }
        return Parsed(left: left, right: right, symmetric: symmetric)
    }

    static func findArrow(_ c: [Character]) -> Int? {
        var i = 0
        while i + 1 < c.count {
            if c[i] == "-" && c[i + 1] == ">" { return i }
            i += 1
        }
        return nil
    }

    static func tokens(_ c: [Character], separator: Character, base: Int) -> [Token] {
        var out: [Token] = []
        var start = 0
        func flush(_ end: Int) {
            var s = start, e = end
            while s < e && c[s].isWhitespace { s += 1 }
            while e > s && c[e - 1].isWhitespace { e -= 1 }
            out.append((String(c[s..<e]), base + s))
        }
        for (i, ch) in c.enumerated() where ch == separator {
            flush(i); start = i + 1
        }
        flush(c.count)
        return out
    }
}
