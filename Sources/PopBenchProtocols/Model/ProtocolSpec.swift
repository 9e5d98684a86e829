/// A population protocol written as data: states, transition rules on ordered pairs, an output
/// map, an initial configuration and a convergence condition (docs/design.md, "population model").
///
/// A scheduler picks an ordered pair (initiator, responder) uniformly at random; the rule for
/// that pair rewrites both states. Pairs without a rule are null transitions (nothing changes).
/// Rules are kept exactly as written for the ordered pair: a one-way rule `(I, S) -> (I, I)`
/// does not fire for `(S, I)` unless the protocol says so (symmetric shorthand).
public struct ProtocolSpec: Sendable, Hashable {
    /// Display name (catalog name or the file's `name:` field).
    public var name: String
    /// State names in declaration order; index i is state i of the compiled table.
    public var states: [String]
    /// Transition rules on ordered pairs (a symmetric rule is stored as its two ordered rules).
    public var rules: [Rule]
    /// Output symbol of every state (e.g. `A`/`B` for majority, `L`/`F` for leader election).
    public var outputs: [String: String]
    /// How many agents start in which state.
    public var initial: InitialConfiguration
    /// When a run counts as converged.
    public var convergence: Convergence

    /// Builds a protocol; `validate()` checks it (the compiler calls it).
    public init(name: String, states: [String], rules: [Rule], outputs: [String: String],
                initial: InitialConfiguration, convergence: Convergence = .stableOutputs) {
        self.name = name; self.states = states; self.rules = rules; self.outputs = outputs
        self.initial = initial; self.convergence = convergence
    }

    /// The output symbols in first-appearance order over `states`.
    public var outputSymbols: [String] {
        var seen: [String] = []
        for s in states { if let o = outputs[s], !seen.contains(o) { seen.append(o) } }
        return seen
    }
}

/// One transition `(initiator, responder) -> (newInitiator, newResponder)` on an ordered pair.
///
/// Two agents go in and two come out, so no rule can create or destroy agents by construction;
/// the file parser rejects rules whose sides have a different number of states.
public struct Rule: Sendable, Hashable {
    public var initiator: String
    public var responder: String
    public var newInitiator: String
    public var newResponder: String
    /// Where the rule was written (file:line:column), for error messages; nil for catalog rules.
    public var location: SourceLocation?

    /// A rule on the ordered pair (initiator, responder).
    public init(_ initiator: String, _ responder: String, _ newInitiator: String, _ newResponder: String,
                location: SourceLocation? = nil) {
        self.initiator = initiator; self.responder = responder
        self.newInitiator = newInitiator; self.newResponder = newResponder; self.location = location
    }

    /// The symmetric shorthand `p + q -> p' + q'`: the rule for (p, q) and its mirror
    /// (q, p) -> (q', p'), so the outcome does not depend on who initiated. When p == q the
    /// mirror is the same ordered pair and only one rule is returned.
    public static func symmetric(_ p: String, _ q: String, _ p2: String, _ q2: String,
                                 location: SourceLocation? = nil) -> [Rule] {
        let r = Rule(p, q, p2, q2, location: location)
        if p == q { return [r] }
        return [r, Rule(q, p, q2, p2, location: location)]
    }
}

/// A position in a protocol file, printed as `file:line:column` (1-based).
public struct SourceLocation: Sendable, Hashable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int
    public init(file: String, line: Int, column: Int) { self.file = file; self.line = line; self.column = column }
    public var description: String { "\(file):\(line):\(column)" }
}

/// When a run of a protocol has converged (exact detection).
public enum Convergence: Sendable, Hashable {
    /// No rule that is reachable from the current configuration can change any agent's output
    /// (the outputs are stable); detected exactly by `StabilityAnalysis`.
    case stableOutputs
    /// The number of agents in `states` satisfies `comparison` against `value`
    /// (e.g. exactly one leader: `count(L) == 1`).
    case count(states: [String], comparison: Comparison, value: Int)

    /// The comparison of a count predicate.
    public enum Comparison: String, Sendable, Hashable, CaseIterable {
        case equal = "=="
        case atMost = "<="
        case atLeast = ">="

        /// Whether `lhs` compares as required with `rhs`.
        public func holds(_ lhs: Int, _ rhs: Int) -> Bool {
            switch self {
            case .equal: lhs == rhs
            case .atMost: lhs <= rhs
            case .atLeast: lhs >= rhs
            }
        }
    }
}
