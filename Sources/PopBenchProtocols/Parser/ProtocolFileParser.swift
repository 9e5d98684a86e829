import Foundation
import PopBenchCore
import Yams

/// Reads protocol files written in YAML. Every error is one line
/// `file:line:column: problem`, using the marks of Yams' node API.
///
/// ```yaml
/// name: am3-file
/// task: majority                 # broadcast | majority | leader
/// reference: Angluin, Aspnes, Eisenstat, Distributed Computing 21(2), 2008
/// bound: log(x)                  # predicted parallel time, a fit shape
/// states: [A, B, U]
/// outputs: {A: A, B: B, U: U}    # every state needs an output symbol
/// initial: {A: majority, B: minority}   # count, fraction (0.25), rest, majority, minority
/// rules:
///   - A, B -> A, U               # ordered pair (initiator, responder)
///   - B, A -> B, U
///   - A + U -> A + A             # symmetric shorthand: also U, A -> A, A
///   - B + U -> B + B
/// convergence: stable            # or a count predicate: count(L) == 1
/// ```
public enum ProtocolFileParser {
    /// Keys a protocol file may use.
    public static let knownKeys = ["name", "task", "summary", "reference", "bound", "states", "outputs",
                                   "initial", "rules", "convergence", "leader"]

    /// Reads and parses the file at `path`.
    public static func load(path: String) throws -> ProtocolFile {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else {
            throw ProtocolError("\(path): not a readable protocol file")
        }
        if let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int,
           size > ProtocolFileLimits.maxBytes {
            throw ProtocolError("\(path): \(size) bytes; a protocol file may have at most \(ProtocolFileLimits.maxBytes) bytes")
        }
        guard let data = FileManager.default.contents(atPath: path),
              let text = String(data: data, encoding: .utf8) else {
            throw ProtocolError("\(path): cannot read the file as UTF-8 text")
        }
        return try parse(text, file: path)
    }

    /// Parses protocol text; `file` names it in error positions.
    public static func parse(_ text: String, file: String) throws -> ProtocolFile {
        func loc(_ m: Mark?) -> SourceLocation { SourceLocation(file: file, line: m?.line ?? 1, column: m?.column ?? 1) }
        try ProtocolFileLimits.check(text, file: file)
        let root: Node
        do {
            guard let r = try Yams.compose(yaml: text) else { throw ProtocolError("empty protocol file", at: loc(nil)) }
            root = r
        } catch let e as YamlError {
            switch e {
            case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _),
                 .composer(_, let problem, let mark, _):
                throw ProtocolError("YAML syntax: \(problem)", at: loc(mark))
            default:
                throw ProtocolError("YAML: \(e)", at: loc(nil))
            }
        }
        guard let top = root.mapping else { throw ProtocolError("a protocol file is a mapping of keys (states, rules, ...)", at: loc(root.mark)) }
        var fields: [String: Node] = [:]
        var keyMarks: [String: Mark?] = [:]
        for (k, v) in top {
            guard let key = k.string else { throw ProtocolError("keys must be words", at: loc(k.mark)) }
            guard knownKeys.contains(key) else {
                throw ProtocolError("unknown key '\(key)'; allowed: \(knownKeys.joined(separator: ", "))", at: loc(k.mark))
            }
            if fields[key] != nil { throw ProtocolError("duplicate key '\(key)'", at: loc(k.mark)) }
            fields[key] = v; keyMarks[key] = k.mark
        }
        func scalar(_ key: String) throws -> String? {
            guard let node = fields[key] else { return nil }
            guard let s = node.scalar?.string else { throw ProtocolError("'\(key)' must be a single value", at: loc(node.mark)) }
            return s
        }
        func require(_ key: String) throws -> Node {
            guard let node = fields[key] else { throw ProtocolError("missing '\(key)'", at: loc(root.mark)) }
            return node
        }
        let stem = URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
        let name = try scalar("name") ?? stem

        // States.
        let statesNode = try require("states")
        guard let stateSeq = statesNode.sequence else { throw ProtocolError("'states' must be a list of names", at: loc(statesNode.mark)) }
        var states: [String] = []
        for s in stateSeq {
            guard let str = s.scalar?.string, !str.isEmpty else { throw ProtocolError("a state name must be a word", at: loc(s.mark)) }
            if states.contains(str) { throw ProtocolError("duplicate state '\(str)'", at: loc(s.mark)) }
            if str.contains(",") || str.contains("+") || str.contains("->") || str.contains(where: \.isWhitespace) {
                throw ProtocolError("state name '\(str)' may not contain spaces, ',', '+' or '->'", at: loc(s.mark))
            }
            states.append(str)
        }
        guard !states.isEmpty else { throw ProtocolError("'states' is empty", at: loc(statesNode.mark)) }
        guard states.count <= CompiledProtocol.maxStates else {
            throw ProtocolError("\(states.count) states; at most \(CompiledProtocol.maxStates) are supported", at: loc(statesNode.mark))
        }
        let known = Set(states)
        func checkState(_ s: String, _ at: SourceLocation) throws {
            if !known.contains(s) { throw ProtocolError("unknown state '\(s)' (declared: \(states.prefix(12).joined(separator: ", "))\(states.count > 12 ? ", ..." : ""))", at: at) }
        }

        // Outputs.
        let outputsNode = try require("outputs")
        guard let outMap = outputsNode.mapping else { throw ProtocolError("'outputs' must map each state to an output symbol", at: loc(outputsNode.mark)) }
        var outputs: [String: String] = [:]
        for (k, v) in outMap {
            guard let s = k.string else { throw ProtocolError("an output key must be a state", at: loc(k.mark)) }
            try checkState(s, loc(k.mark))
            if outputs[s] != nil { throw ProtocolError("duplicate output for state '\(s)'", at: loc(k.mark)) }
            guard let o = v.scalar?.string else { throw ProtocolError("the output of '\(s)' must be a symbol", at: loc(v.mark)) }
            outputs[s] = o
        }
        if let missing = states.first(where: { outputs[$0] == nil }) {
            throw ProtocolError("missing output for state '\(missing)'", at: loc(outputsNode.mark))
        }

        // Initial configuration.
        let initialNode = try require("initial")
        guard let initMap = initialNode.mapping else { throw ProtocolError("'initial' must map states to amounts", at: loc(initialNode.mark)) }
        var entries: [(state: String, amount: InitialConfiguration.Amount)] = []
        for (k, v) in initMap {
            guard let s = k.string else { throw ProtocolError("an initial key must be a state", at: loc(k.mark)) }
            try checkState(s, loc(k.mark))
            if entries.contains(where: { $0.state == s }) { throw ProtocolError("duplicate initial amount for '\(s)'", at: loc(k.mark)) }
            guard let text = v.scalar?.string else { throw ProtocolError("the amount of '\(s)' must be a value", at: loc(v.mark)) }
            entries.append((s, try amount(text, at: loc(v.mark))))
        }
        let amounts: [InitialConfiguration.Amount] = entries.map { $0.amount }
        for (a, word) in [(InitialConfiguration.Amount.rest, "rest"), (.majority, "majority"), (.minority, "minority")] {
            let uses: Int = amounts.filter { $0 == a }.count
            if uses > 1 { throw ProtocolError("'initial' uses '\(word)' more than once", at: loc(initialNode.mark)) }
        }

        // Rules.
        let rulesNode = try require("rules")
        guard let ruleSeq = rulesNode.sequence else { throw ProtocolError("'rules' must be a list of 'A, B -> C, D'", at: loc(rulesNode.mark)) }
        guard !ruleSeq.isEmpty else { throw ProtocolError("'rules' is empty; a protocol needs at least one rule 'A, B -> C, D'", at: loc(rulesNode.mark)) }
        var rules: [Rule] = []
        var firstAt: [String: SourceLocation] = [:]
        for r in ruleSeq {
            guard let sc = r.scalar else { throw ProtocolError("a rule is one line 'A, B -> C, D'", at: loc(r.mark)) }
            let isQuoted: Bool = sc.style == .singleQuoted || sc.style == .doubleQuoted
            let quoted: Int = isQuoted ? 1 : 0
            let base: SourceLocation = loc(r.mark)
            let at: (Int) -> SourceLocation = { offset in
                SourceLocation(file: file, line: base.line, column: base.column + quoted + offset)
            }
            let parsed = try RuleSyntax.parse(sc.string, at: at)
            for t in parsed.left + parsed.right { try checkState(t.name, at(t.offset)) }
            let (p, q) = (parsed.left[0].name, parsed.left[1].name)
            let (p2, q2) = (parsed.right[0].name, parsed.right[1].name)
            let made = parsed.symmetric ? Rule.symmetric(p, q, p2, q2, location: base) : [Rule(p, q, p2, q2, location: base)]
            for rule in made {
                let key = "\(rule.initiator)\u{0},\(rule.responder)"
                if let first = firstAt[key] {
                    throw ProtocolError("duplicate rule for the ordered pair (\(rule.initiator), \(rule.responder)); first given at \(first)", at: base)
                }
                firstAt[key] = base
                rules.append(rule)
            }
        }

        // Convergence.
        var convergence = Convergence.stableOutputs
        if let node = fields["convergence"] {
            guard let text = node.scalar?.string else { throw ProtocolError("'convergence' is 'stable' or 'count(S, T) == k'", at: loc(node.mark)) }
            convergence = try parseConvergence(text, at: loc(node.mark), check: checkState)
        }

        let inferred = entries.contains { $0.amount == .majority } ? "majority" : "broadcast"
        let task = try scalar("task") ?? inferred
        guard ["broadcast", "majority", "leader"].contains(task) else {
            throw ProtocolError("unknown task '\(task)'; allowed: broadcast, majority, leader", at: loc(fields["task"]?.mark))
        }
        var bound: FitShape?
        if let b = try scalar("bound") {
            guard let shape = FitShape(rawValue: b) else {
                throw ProtocolError("unknown bound '\(b)'; allowed: \(FitShape.allCases.map(\.rawValue).joined(separator: ", "))", at: loc(fields["bound"]?.mark))
            }
            bound = shape
        }
        let spec = ProtocolSpec(name: name, states: states, rules: rules, outputs: outputs,
                                initial: InitialConfiguration(entries), convergence: convergence)
        do { _ = try CompiledProtocol(spec) } catch let e as ProtocolError {
            throw e.location == nil ? ProtocolError(e.message, at: loc(root.mark)) : e
        }
        return ProtocolFile(spec: spec, task: task, summary: try scalar("summary") ?? "protocol file \(file)",
                            reference: try scalar("reference") ?? "", bound: bound,
                            leaderSymbol: try scalar("leader") ?? "L", path: file)
    }

    /// `12` (a count), `0.25` (a fraction of n), `rest`, `majority`, `minority`.
    static func amount(_ text: String, at: SourceLocation) throws -> InitialConfiguration.Amount {
        switch text {
        case "rest": return .rest
        case "majority": return .majority
        case "minority": return .minority
        default: break
        }
        if let c = Int(text), c >= 0 { return .count(c) }
        if let f = Double(text), f >= 0, f <= 1 { return .fraction(f) }
        throw ProtocolError("amount '\(text)' is not a count, a fraction in [0, 1], rest, majority or minority", at: at)
    }

    /// `stable` or `count(S1, S2) == k` (also `<=`, `>=`).
    static func parseConvergence(_ text: String, at: SourceLocation,
                                 check: (String, SourceLocation) throws -> Void) throws -> Convergence {
        let t = text.trimmingCharacters(in: .whitespaces)
        if t == "stable" { return .stableOutputs }
        for cmp in Convergence.Comparison.allCases {
            let parts = t.components(separatedBy: cmp.rawValue)
            guard parts.count == 2, parts[0].hasPrefix("count("), let close = parts[0].lastIndex(of: ")"),
                  let value = Int(parts[1].trimmingCharacters(in: .whitespaces)) else { continue }
            let inner = parts[0][parts[0].index(parts[0].startIndex, offsetBy: 6)..<close]
            let names = inner.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            for n in names { try check(n, at) }
            return .count(states: names, comparison: cmp, value: value)
        }
        throw ProtocolError("convergence '\(text)' is not 'stable' or 'count(S, ...) == k' (or <=, >=)", at: at)
    }
}
