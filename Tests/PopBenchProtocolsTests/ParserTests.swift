import Foundation
import PopBenchCore
import PopBenchProtocols
import Testing

/// Protocol files, and errors with file:line:column naming the problem.
@Suite struct ParserTests {
    static let good = """
    name: am3-test
    task: majority
    states: [A, B, U]
    outputs: {A: A, B: B, U: U}
    initial: {A: majority, B: minority}
    rules:
      - A, B -> A, U
      - B, A -> B, U
      - A + U -> A + A
      - B + U -> B + B
    """

    @Test func parsesRulesAndSymmetricShorthand() throws {
        let f = try ProtocolFileParser.parse(Self.good, file: "t.yaml")
        #expect(f.spec.states == ["A", "B", "U"])
        #expect(f.spec.rules.count == 6)
        #expect(f.spec.rules.contains { $0.initiator == "U" && $0.responder == "A" && $0.newInitiator == "A" && $0.newResponder == "A" })
        let t = try CompiledProtocol(f.spec)
        #expect(try t.initialCounts(n: 1000, gap: 0.1) == [550, 450, 0])
    }

    /// The message of the error `text` raises.
    func error(_ text: String) -> String {
        do { _ = try ProtocolFileParser.parse(text, file: "bad.yaml"); return "no error" } catch { return "\(error)" }
    }

    @Test func unknownStateInRule() {
        let e = error(Self.good.replacingOccurrences(of: "- B + U -> B + B", with: "- B + U -> B + X"))
        #expect(e.hasPrefix("bad.yaml:10:18: unknown state 'X'"), "\(e)")
    }

    @Test func duplicateRule() {
        let e = error(Self.good + "\n  - A, B -> B, B")
        #expect(e.hasPrefix("bad.yaml:11:5: duplicate rule for the ordered pair (A, B)"), "\(e)")
        #expect(e.contains("first given at bad.yaml:7:5"))
    }

    @Test func ruleThatCreatesOrDestroysAgents() {
        let e = error(Self.good.replacingOccurrences(of: "- A, B -> A, U", with: "- A, B -> A"))
        #expect(e.hasPrefix("bad.yaml:7:10: rule 'A, B -> A' creates or destroys agents"), "\(e)")
        let e3 = error(Self.good.replacingOccurrences(of: "- A, B -> A, U", with: "- A, B -> A, U, U"))
        #expect(e3.contains("creates or destroys agents: 2 in, 3 out"), "\(e3)")
    }

    @Test func missingOutput() {
        let e = error(Self.good.replacingOccurrences(of: "outputs: {A: A, B: B, U: U}", with: "outputs: {A: A, B: B}"))
        #expect(e.hasPrefix("bad.yaml:4:10: missing output for state 'U'"), "\(e)")
    }

    @Test func otherErrorsCarryPositions() {
        #expect(error(Self.good + "\nfoo: 1").hasPrefix("bad.yaml:11:1: unknown key 'foo'"))
        #expect(error("states: [A, B\n").hasPrefix("bad.yaml:"))
        #expect(error(Self.good.replacingOccurrences(of: "initial: {A: majority", with: "initial: {Q: majority")).hasPrefix("bad.yaml:5:11: unknown state 'Q'"))
        #expect(error(Self.good.replacingOccurrences(of: "- A, B -> A, U", with: "- A, B => A, U")).contains("has no '->'"))
    }

    @Test func loaderReadsExamplesAndRejectsBadFiles() throws {
        let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("examples/protocols")
        for name in ["am3.yaml", "leader-trivial.yaml"] {
            let p = try #require(try ProtocolFileLoader.loader(dir.appendingPathComponent(name).path))
            #expect(p.descriptor.family == .protocol)
        }
        let tmp = FileManager.default.temporaryDirectory.appendingPathComponent("popbench-bad-\(UInt32.random(in: 0...UInt32.max)).yaml")
        try (Self.good + "\n  - A, A -> A").write(to: tmp, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: tmp) }
        #expect(throws: UsageError.self) { _ = try ProtocolFileLoader.loader(tmp.path) }
        #expect(try ProtocolFileLoader.loader("x.txt") == nil)
    }

    /// A protocol with 300 states runs.
    @Test func threeHundredStates() throws {
        let states = (0..<300).map { "s\($0)" }
        var rules: [String] = []
        // s299 informs everyone (an epidemic); lower states also climb one level when they meet
        // the next level, which changes no output but exercises the table and the closure.
        for i in 0..<299 { rules.append("  - s299, s\(i) -> s299, s299") }
        for i in 0..<298 { rules.append("  - s\(i + 1), s\(i) -> s\(i + 1), s\(i + 1)") }
        let outputs = states.map { "\($0): \($0 == "s299" ? "done" : "busy")" }.joined(separator: ", ")
        let text = "name: walk300\ntask: broadcast\nstates: [\(states.joined(separator: ", "))]\noutputs: {\(outputs)}\n"
            + "initial: {s299: 1, s0: rest}\nrules:\n" + rules.joined(separator: "\n")
        let file = try ProtocolFileParser.parse(text, file: "walk.yaml")
        let plugin = try ProtocolFileLoader.plugin(file: file)
        #expect(plugin.fileTable.stateCount == 300)
        for engine in ["agent", "batch"] {
            let recs = try runTrials(plugin, task: "broadcast", n: 500, params: ["engine": engine], trials: 3)
            #expect(recs.allSatisfy { $0.status == .ok && $0.outcomes["time"]! > 0 })
        }
    }
}
