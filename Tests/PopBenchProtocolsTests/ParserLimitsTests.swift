import Foundation
import PopBenchCore
import PopBenchProtocols
import Testing

/// Hostile protocol files end in one error line, never a trap: size and nesting limits before
/// the YAML parser, overflow-checked initial counts, and every input the fuzzer saved.
@Suite struct ParserLimitsTests {
    /// The repository's `fuzz/` directory, found from this file's path.
    static let fuzzRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("fuzz")

    func error(_ text: String) -> String {
        do { _ = try ProtocolFileParser.parse(text, file: "bad.yaml"); return "no error" } catch { return "\(error)" }
    }

    @Test func deepFlowNestingIsRefusedBeforeParsing() {
        let e = error(String(repeating: "[", count: 10_000))
        #expect(e.hasPrefix("bad.yaml: 10000 '[' or '{'"), "\(e)")
    }

    @Test func deepBlockNestingIsRefusedBeforeParsing() {
        let e = error(String(repeating: "- ", count: 6000) + "x")
        #expect(e.hasPrefix("bad.yaml:1: nesting depth 6000"), "\(e)")
    }

    @Test func oversizedFileIsRefused() {
        let e = error("# " + String(repeating: "x", count: ProtocolFileLimits.maxBytes))
        #expect(e.contains("bytes; a protocol file may have at most"), "\(e)")
    }

    @Test func countsNearIntMaxAreAnErrorNotATrap() throws {
        let text = """
        states: [A, B]
        outputs: {A: A, B: B}
        initial: {A: 9223372036854775807, B: 9223372036854775807}
        rules:
          - A, B -> A, A
        """
        let f = try ProtocolFileParser.parse(text, file: "big.yaml")
        #expect(throws: ProtocolError.self) { try f.spec.initial.counts(states: f.spec.states, n: 1000) }
        #expect(throws: ProtocolError.self) { try f.spec.initial.counts(states: f.spec.states, n: Int.max) }
    }

    /// The majority split stays ceil((m + g n) / 2) and sums to n, even at n = Int.max.
    @Test func majoritySplitAtExtremeSizes() throws {
        let config = InitialConfiguration([("A", .majority), ("B", .minority)])
        #expect(try config.counts(states: ["A", "B"], n: 1000, gap: 0.1) == [550, 450])
        #expect(try config.counts(states: ["A", "B"], n: 7, gap: 0) == [4, 3])
        let big = try config.counts(states: ["A", "B"], n: Int.max, gap: 0.5)
        #expect(big[0] &+ big[1] == Int.max && big[0] > big[1] && big[0] - big[1] >= Int.max / 2)
        #expect(try config.counts(states: ["A", "B"], n: Int.max, gap: 1) == [Int.max, 0])
    }

    @Test func emptyRulesAreRefused() {
        let e = error("states: [A]\noutputs: {A: A}\ninitial: {A: rest}\nrules: []\n")
        #expect(e.contains("'rules' is empty"), "\(e)")
    }

    /// Every committed corpus file and fuzzer-found regression gives a result or an error (a
    /// trap would end the test process).
    @Test func fuzzCorpusAndRegressionsEndInAResultOrAnError() throws {
        var count = 0
        for dir in ["corpus", "regressions"] {
            let url = Self.fuzzRoot.appendingPathComponent(dir)
            for name in try FileManager.default.contentsOfDirectory(atPath: url.path).sorted() {
                // Fuzzer inputs need not be UTF-8: decode as the fuzzer does (invalid bytes replaced).
                let text = String(decoding: try Data(contentsOf: url.appendingPathComponent(name)), as: UTF8.self)
                let outcome = ParserExercise.run(text, file: name)
                #expect(outcome.hasPrefix("ok") || outcome.hasPrefix("error: "), "\(name): \(outcome)")
                // Files the parser must refuse outright; the others once trapped in the counts.
                if name.hasPrefix("nested-") || name == "no-rules.yaml" {
                    #expect(outcome.hasPrefix("error: "), "\(name) should be refused: \(outcome)")
                }
                if name == "initial-overflow.yaml" { #expect(outcome.hasSuffix(" 0 configurations"), "\(outcome)") }
                count += 1
            }
        }
        #expect(count >= 10)
    }
}
