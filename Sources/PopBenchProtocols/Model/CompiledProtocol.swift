/// A protocol compiled for the engines: states as small integers, a dense transition table over
/// ordered pairs, output indices, and the data the exact convergence check needs.
///
/// The table has one entry per ordered pair `(p, q)` at index `p << shift | q` (the row width
/// is padded to a power of two so indexing is a shift, not a multiply). Pairs without a rule map
/// to themselves (null transitions).
public struct CompiledProtocol: Sendable {
    /// The most states a dense table accepts (4096^2 pairs = 16 M entries).
    public static let maxStates = 4096

    /// The source definition.
    public let spec: ProtocolSpec
    /// Number of states k.
    public let stateCount: Int
    /// log2 of the padded row width.
    public let shift: Int
    /// New initiator state per ordered pair index.
    public let nextInitiator: [Int32]
    /// New responder state per ordered pair index.
    public let nextResponder: [Int32]
    /// Output symbol index per state (into `outputSymbols`).
    public let output: [Int]
    /// Output symbols.
    public let outputSymbols: [String]
    /// The non-identity rules as (p, q, p', q') state indices, for the reachability closure.
    public let activeRules: [(Int, Int, Int, Int)]
    /// The active rules each state takes part in (as initiator or responder), as indices into
    /// `activeRules`: those of state s at `rulesOfState[rulesOfStateStart[s] ..<
    /// rulesOfStateStart[s + 1]]` (the worklist of the reachability closure).
    public let rulesOfStateStart: [Int32]
    /// See `rulesOfStateStart`.
    public let rulesOfState: [Int32]
    /// Whether the rule for ordered pair index changes the output of one of its agents.
    public let changesOutput: [Bool]
    /// For each state s, the states t such that (s, t) or (t, s) changes an output (t == s
    /// included when (s, s) does).
    public let outputPartners: [[Int]]
    /// Count-predicate convergence: 1 for states counted, the comparison and value; nil for
    /// stable-output convergence.
    public let predicate: (weights: [Int], comparison: Convergence.Comparison, value: Int)?

    /// Validates `spec` and builds its table. Errors name the problem and, for file protocols,
    /// the file:line:column of the offending rule.
    public init(_ spec: ProtocolSpec) throws {
        let k = spec.states.count
        guard k >= 1 else { throw ProtocolError("protocol '\(spec.name)' declares no states") }
        guard k <= Self.maxStates else {
            throw ProtocolError("protocol '\(spec.name)' has \(k) states; at most \(Self.maxStates) are supported")
        }
        var index: [String: Int] = [:]
        for (i, s) in spec.states.enumerated() {
            if index[s] != nil { throw ProtocolError("duplicate state '\(s)'") }
            index[s] = i
        }
        for s in spec.states where spec.outputs[s] == nil {
            throw ProtocolError("missing output for state '\(s)'")
        }
        for s in spec.outputs.keys where index[s] == nil {
            throw ProtocolError("output given for unknown state '\(s)'")
        }
        var shift = 0
        while (1 << shift) < k { shift += 1 }
        let width = 1 << shift
        var ni = [Int32](repeating: 0, count: width * width)
        var nr = [Int32](repeating: 0, count: width * width)
        for p in 0..<width { for q in 0..<width { ni[p << shift | q] = Int32(p); nr[p << shift | q] = Int32(q) } }
        var active: [(Int, Int, Int, Int)] = []
        if let table = spec.indexed {
            // A generated protocol: its table on state indices, read as is.
            guard table.stateCount == k else {
                throw ProtocolError("protocol '\(spec.name)': its rule table covers \(table.stateCount) states, not \(k)")
            }
            for p in 0..<k {
                for q in 0..<k {
                    let r = table.next[p * k + q], p2 = Int(r >> 16), q2 = Int(r & 0xFFFF)
                    guard p2 < k && q2 < k else { throw ProtocolError("protocol '\(spec.name)': a rule leads to state index \(max(p2, q2)) of \(k)") }
                    let pair = p << shift | q
                    ni[pair] = Int32(p2); nr[pair] = Int32(q2)
                    if !(p == p2 && q == q2) { active.append((p, q, p2, q2)) }
                }
            }
        } else {
            let rules = spec.rules
            var defined = [Int32](repeating: -1, count: width * width)   // the rule set for each pair, by index
            for (i, r) in rules.enumerated() {
                func idx(_ s: String) throws -> Int {
                    guard let i = index[s] else { throw ProtocolError("unknown state '\(s)' in rule", at: r.location) }
                    return i
                }
                let p = try idx(r.initiator), q = try idx(r.responder)
                let p2 = try idx(r.newInitiator), q2 = try idx(r.newResponder)
                let pair = p << shift | q
                if defined[pair] >= 0 {
                    let old = rules[Int(defined[pair])]
                    if old.newInitiator == r.newInitiator && old.newResponder == r.newResponder && r.location == nil { continue }
                    let first = old.location.map { " (first rule at \($0))" } ?? ""
                    throw ProtocolError("duplicate rule for the ordered pair (\(r.initiator), \(r.responder))\(first)", at: r.location)
                }
                defined[pair] = Int32(i)
                ni[pair] = Int32(p2); nr[pair] = Int32(q2)
                if !(p == p2 && q == q2) { active.append((p, q, p2, q2)) }
            }
        }
        let symbols = spec.outputSymbols
        let output = spec.states.map { symbols.firstIndex(of: spec.outputs[$0]!)! }
        var changes = [Bool](repeating: false, count: width * width)
        for (p, q, p2, q2) in active where output[p] != output[p2] || output[q] != output[q2] {
            changes[p << shift | q] = true
        }
        // Partners from the dense table, O(k^2) (a `contains` per rule was O(k) each: 75% of the
        // compile time of doty21-majority at n = 10^7).
        var partners = [[Int]](repeating: [], count: k)
        for p in 0..<k {
            for q in 0..<k where changes[p << shift | q] || changes[q << shift | p] { partners[p].append(q) }
        }
        switch spec.convergence {
        case .stableOutputs:
            predicate = nil
        case .count(let states, let comparison, let value):
            var w = [Int](repeating: 0, count: k)
            for s in states {
                guard let i = index[s] else { throw ProtocolError("convergence: unknown state '\(s)'") }
                w[i] = 1
            }
            predicate = (w, comparison, value)
        }
        self.spec = spec; self.stateCount = k; self.shift = shift
        self.nextInitiator = ni; self.nextResponder = nr
        self.output = output; self.outputSymbols = symbols
        self.activeRules = active; self.changesOutput = changes; self.outputPartners = partners
        var start = [Int32](repeating: 0, count: k + 1)
        for (p, q, _, _) in active {
            start[p + 1] += 1
            if q != p { start[q + 1] += 1 }
        }
        for s in 0..<k { start[s + 1] += start[s] }
        var fill = Array(start[0..<k])
        var members = [Int32](repeating: 0, count: Int(start[k]))
        for (r, (p, q, _, _)) in active.enumerated() {
            members[Int(fill[p])] = Int32(r); fill[p] += 1
            if q != p { members[Int(fill[q])] = Int32(r); fill[q] += 1 }
        }
        rulesOfStateStart = start; rulesOfState = members
    }

    /// The state index of a state name.
    public func state(_ name: String) -> Int? { spec.states.firstIndex(of: name) }

    /// Initial counts per state for population n and majority gap (fraction of n).
    public func initialCounts(n: Int, gap: Double = 0) throws -> [Int] {
        try spec.initial.counts(states: spec.states, n: n, gap: gap)
    }

    /// Agents per output symbol for the given state counts.
    public func outputCounts(_ counts: [Int]) -> [Int] {
        var o = [Int](repeating: 0, count: outputSymbols.count)
        for (s, c) in counts.enumerated() { o[output[s]] += c }
        return o
    }
}
