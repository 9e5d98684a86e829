/// Limits a protocol file must meet before the YAML parser sees it.
///
/// The YAML composer recurses once per nesting level, so a small file of nested `[` (or of
/// `- - - ...`) overflows the stack; a huge file costs memory before any error can be given.
/// A protocol file needs at most three levels (a mapping of lists or of small mappings), so
/// generous caps here refuse only hostile or broken input, with one line naming the limit.
public enum ProtocolFileLimits {
    /// Largest protocol file accepted, in bytes (the catalog's files are under 2 KB).
    public static let maxBytes = 1 << 20
    /// Most flow brackets (`[` and `{`, counted anywhere, quoted or not) accepted: their count
    /// bounds the flow nesting whatever the quoting, and real files use a handful.
    public static let maxBrackets = 256
    /// Deepest block nesting accepted on one line: indentation plus the block indicators
    /// (`- `, `? `, `: `) that open it; each level needs at least one of them.
    public static let maxLineDepth = 128

    /// Throws a `ProtocolError` when `text` is larger than `maxBytes`, has more than
    /// `maxBrackets` flow brackets or nests a line deeper than `maxLineDepth`; `file` names it.
    public static func check(_ text: String, file: String) throws {
        let bytes = text.utf8.count
        if bytes > maxBytes {
            throw ProtocolError("\(file): \(bytes) bytes; a protocol file may have at most \(maxBytes) bytes")
        }
        let brackets = text.utf8.reduce(0) { $0 + ($1 == UInt8(ascii: "[") || $1 == UInt8(ascii: "{") ? 1 : 0) }
        if brackets > maxBrackets {
            throw ProtocolError("\(file): \(brackets) '[' or '{'; a protocol file may have at most \(maxBrackets) (nesting limit)")
        }
        var line = 1
        for text in text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            let depth = lineDepth(text)
            if depth > maxLineDepth {
                throw ProtocolError("\(file):\(line): nesting depth \(depth); a protocol file may nest at most \(maxLineDepth) levels")
            }
            line += 1
        }
    }

    /// Indentation plus the block indicators that open the line.
    static func lineDepth(_ line: Substring.UTF8View) -> Int {
        var depth = 0
        var i = line.startIndex
        while i < line.endIndex {
            let c = line[i]
            if c == UInt8(ascii: " ") || c == UInt8(ascii: "\t") {
                depth += 1
            } else if c == UInt8(ascii: "-") || c == UInt8(ascii: "?") || c == UInt8(ascii: ":") {
                let next = line.index(after: i)
                guard next == line.endIndex || line[next] == UInt8(ascii: " ") || line[next] == UInt8(ascii: "\t") else { break }
                depth += 1
                if next == line.endIndex { break }
                i = next  // the separating blank belongs to the indicator
            } else {
                break
            }
            i = line.index(after: i)
        }
        return depth
    }
}
