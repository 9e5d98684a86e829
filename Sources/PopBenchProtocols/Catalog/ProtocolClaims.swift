import PopBenchCore

/// What each paper claims for a majority or leader-election protocol (the rows of the seed's
/// space-time table), kept as data so that the measured table (`figures --only F8`) can set
/// every measurement beside its claim. A catalog protocol carries its claim in its
/// `ProtocolPlugin`; rows without a `plugin` are in the seed's table but not in the catalog, and
/// `missing` says why.
public struct ProtocolClaim: Sendable, Hashable {
    /// Catalog name, or nil for a row that is not implemented.
    public var plugin: String?
    /// The row's name in the seed's table (paper key).
    public var row: String
    /// `majority` or `leader`.
    public var task: String
    /// The paper.
    public var paper: String
    /// Claimed number of states, as the paper writes it.
    public var states: String
    /// Claimed parallel time, as the paper writes it (at the task's hardest input for exact
    /// majority unless said otherwise).
    public var time: String
    /// The law fitted to time against n at a fixed gap (nil: no law predicted).
    public var shape: FitShape?
    /// Always correct (true) or correct with high probability only (false).
    public var exact: Bool
    /// Why a row is not in the catalog (nil for catalog rows).
    public var missing: String?
    /// Where the rules of the protocol that implements the row come from.
    public var rules: RuleSource = .paper
    /// For a row not in the catalog under its paper's name: the in-house plugin built in its
    /// framework that stands beside it (its rules reconstructed), if any.
    public var standIn: String?
    /// The plugin's parameters at which it stands for this row (empty: its defaults), as
    /// `--name value` options of `compare`.
    public var parameters: [String: String] = [:]

    /// The plugin and its non-default parameters, e.g. `block-majority --block 1`: one key per
    /// measured row.
    public var key: String {
        ([plugin ?? standIn ?? row] + parameters.sorted { $0.key < $1.key }.map { "--\($0.key) \($0.value)" }).joined(separator: " ")
    }

    /// The "implemented by" cell of the seed's table: the plugin and where its rules come from,
    /// or "not implemented".
    public var implementedBy: String {
        if plugin != nil { return "`\(key)` (\(rules.rawValue)\(rules == .reconstructed ? ", in-house name" : ""))" }
        if let standIn { return "`\(standIn)` (in-house name; rules reconstructed, not the paper's)" }
        return "not implemented"
    }
}

/// Where a catalog protocol's rules come from (the "implemented by" column).
public enum RuleSource: String, Sendable, Hashable {
    /// The rules as the paper states them.
    case paper = "paper's rules"
    /// Read from the authors' (or a co-author's) public code.
    case authorsCode = "authors' code"
    /// Rebuilt from an abstract or a written specification, not checked against the paper.
    case reconstructed = "reconstructed"
    /// Read from a public implementation by others than the paper's authors (ppsim's notebooks).
    case publicCode = "a public implementation (ppsim notebook)"
    /// A design of this catalog, in a paper's framework.
    case inHouse = "in-house design"
}

extension ProtocolClaim {
    /// The claim of a catalog protocol; `ProtocolPlugin` fills in the plugin and the task, and
    /// the paper from its reference when `paper` is empty.
    public init(row: String, paper: String = "", states: String, time: String, shape: FitShape?, exact: Bool,
                rules: RuleSource = .paper) {
        self.init(plugin: nil, row: row, task: "", paper: paper, states: states, time: time, shape: shape,
                  exact: exact, missing: nil, rules: rules)
    }
}

/// The claims of the seed's table: per task (majority, then leader), the catalog protocols'
/// claims in catalog order (a plugin's rows at non-default parameters first), then the rows not
/// implemented.
public enum ProtocolClaims {
    /// Why a row has no catalog protocol: its rules and constants are fixed only in the paper's
    /// full text, which was not readable from the sessions that built the catalog (only
    /// abstracts, DBLP entries and public code were), and no public implementation or written
    /// specification was found to build from. A stand-in under a paper's name would measure
    /// something else, so none is shipped. (Rows rebuilt from written specifications are carried
    /// by in-house plugins marked "reconstructed".)
    static func notImplemented(_ construction: String) -> String {
        "not implemented: \(construction); the paper's pseudocode and constants could not be read (only its abstract), so no faithful rule table can be written, and a stand-in under the paper's name is not shipped"
    }

    /// Rows of the seed's table that have no catalog protocol.
    static let missing: [ProtocolClaim] = [
        // The time claim is not Split-Join's O(log^3 n): Bilke, Cooper, Elsässer, Radzik (arXiv
        // 1705.01146, abstract) state this algorithm's bound as O(log^{5.3} n) expected and
        // O(log^{6.3} n) w.h.p.; the paper's own abstract gives no exponent ("poly-logarithmic").
        ProtocolClaim(plugin: nil, row: "leader election [AAEGR17]", task: "leader",
                      paper: "Alistarh, Aspnes, Eisenstat, Gelashvili, Rivest, Time-space trade-offs in population protocols, SODA 2017 (arXiv 1602.08032)",
                      states: "O(log^2 n)", time: "O(log^{5.3} n) expected, O(log^{6.3} n) w.h.p.", shape: nil, exact: true, missing: notImplemented("the leader-election algorithm of the same paper as Split-Join, a separate construction whose rules are in neither its abstract nor any public implementation found (its bounds are quoted from the abstract of Bilke et al., arXiv 1705.01146)")),
    ]

    /// Rows a catalog plugin stands for at non-default parameters (listed before its own row).
    static let variants: [ProtocolClaim] = [BlockMajority.aag18Claim]

    /// Every row: per task, the catalog's claims (each plugin's variants first), then the
    /// missing rows.
    public static let all: [ProtocolClaim] = [ProtocolTasks.majority.name, ProtocolTasks.leader.name].flatMap { task -> [ProtocolClaim] in
        var rows: [ProtocolClaim] = []
        for p in ProtocolFamily.protocols {
            rows += variants.filter { $0.plugin == p.descriptor.name }
            if let c = p.claim { rows.append(c) }
        }
        return rows.filter { $0.task == task } + missing.filter { $0.task == task }
    }

    /// The claim of a catalog plugin at its default parameters.
    public static func claim(_ plugin: String) -> ProtocolClaim? { all.first { $0.plugin == plugin && $0.parameters.isEmpty } }
}
