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
    /// A generated protocol's rules are listed from its table on demand (`indexed`).
    public var rules: [Rule] {
        get { indexed?.rules(states: states) ?? written }
        set { written = newValue; indexed = nil }
    }
    private var written: [Rule]
    /// A generated protocol's rules as a dense table on state indices (nil: the rules as
    /// written). The compiler reads it directly: doty21-majority at n = 10^7 has thousands of
    /// states and millions of rules, which as named `Rule`s took 45 s and 4 GB to compile.
    public private(set) var indexed: IndexedRules?
    /// Output symbol of every state (e.g. `A`/`B` for majority, `L`/`F` for leader election).
    public var outputs: [String: String]
    /// How many agents start in which state.
    public var initial: InitialConfiguration
    /// When a run counts as converged.
    public var convergence: Convergence

    /// Builds a protocol; `validate()` checks it (the compiler calls it).
    public init(name: String, states: [String], rules: [Rule], outputs: [String: String],
                initial: InitialConfiguration, convergence: Convergence = .stableOutputs) {
        self.name = name; self.states = states; self.written = rules; self.outputs = outputs
        self.initial = initial; self.convergence = convergence
    }

    /// A generated protocol: its rules as a table on the indices of `states`.
    public init(name: String, states: [String], indexed: IndexedRules, outputs: [String: String],
                initial: InitialConfiguration, convergence: Convergence = .stableOutputs) {
        self.init(name: name, states: states, rules: [], outputs: outputs, initial: initial, convergence: convergence)
        self.indexed = indexed
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

/// The rules of a generated protocol as a dense table over ordered pairs of state indices:
/// `(p2 << 16 | q2)` at `p * stateCount + q`; an entry equal to `(p << 16 | q)` is a null
/// transition.
public struct IndexedRules: Sendable, Hashable {
    public let stateCount: Int
    public let next: [UInt32]

    /// The table of `delta(p, q) -> (p2, q2)` over k states (indices below 2^16).
    public init(stateCount k: Int, delta: (Int, Int) -> (Int, Int)) {
        var next = [UInt32](repeating: 0, count: k * k)
        for p in 0..<k {
            for q in 0..<k {
                let (p2, q2) = delta(p, q)
                next[p * k + q] = UInt32(p2) << 16 | UInt32(q2)
            }
        }
        stateCount = k; self.next = next
    }

    /// The non-null rules, named by `states`.
    func rules(states: [String]) -> [Rule] {
        var out: [Rule] = []
        for p in 0..<stateCount {
            for q in 0..<stateCount {
                let r = next[p * stateCount + q], p2 = Int(r >> 16), q2 = Int(r & 0xFFFF)
                if p2 != p || q2 != q { out.append(Rule(states[p], states[q], states[p2], states[q2])) }
            }
        }
        return out
    }
}

