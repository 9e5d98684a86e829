/// One input through everything a protocol file reaches before a simulation: the parser, the
/// compiler, and the initial counts at small, large and extreme n.
///
/// The parser fuzzer calls it on every mutated input, and the regression tests call it on the
/// saved corpus and the crashes the fuzzer found, so both check the same path: any input must
/// end in a result or a `ProtocolError`/`UsageError`, never a trap.
public enum ParserExercise {
    /// Population sizes the initial configuration is resolved at: tiny, typical, and near
    /// Int.max, where unchecked sums overflow.
    public static let sizes = [1, 2, 1000, 1 << 40, Int.max - 1, Int.max]

    /// A short description of what happened to `text`: "ok ..." or "error: ...".
    public static func run(_ text: String, file: String = "fuzz.yaml") -> String {
        do {
            let parsed = try ProtocolFileParser.parse(text, file: file)
            let compiled = try CompiledProtocol(parsed.spec)
            var resolved = 0
            for n in sizes {
                for gap in [0.0, 0.01, 1.0] {
                    if (try? compiled.initialCounts(n: n, gap: gap)) != nil { resolved += 1 }
                }
            }
            return "ok \(parsed.spec.states.count) states, \(parsed.spec.rules.count) rules, \(resolved) configurations"
        } catch let e as ProtocolError {
            return "error: \(e.message)"
        } catch {
            return "error: \(error)"
        }
    }
}
