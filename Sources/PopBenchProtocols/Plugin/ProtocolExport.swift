import PopBenchCore

/// The exact protocol a catalog plugin simulates for a setup (its compiled table and initial
/// counts), for handing the same protocol to another simulator (`scripts/compare-ppsim`).
public enum ProtocolExport {
    /// The table and initial counts `plugin` would simulate at population `n` with the
    /// parameter `overrides` (e.g. gap); throws a `UsageError` for a plugin that is not a
    /// finite-state protocol (`ProtocolPlugin`).
    public static func compiled(_ plugin: any Plugin, n: Int, overrides: [String: String] = [:]) throws
        -> (table: CompiledProtocol, counts: [Int]) {
        guard let protocolPlugin = plugin as? ProtocolPlugin else {
            throw UsageError("export: plugin '\(plugin.descriptor.name)' does not run a compiled protocol")
        }
        let setup = try protocolPlugin.setup(n: n, overrides: overrides)
        try plugin.validate(setup)
        let table = protocolPlugin.table(setup)
        return (table, try protocolPlugin.goal.start(table, setup: setup).counts)
    }

    /// The JSON-ready description: states, output symbol per state, initial count per state,
    /// the non-null ordered rules as [p, q, p', q'] names, and the convergence condition.
    public struct Description: Encodable, Sendable {
        public var plugin: String, task: String, n: Int
        public var states: [String], outputs: [String], initial: [Int]
        public var rules: [[String]]
        /// "stable" or "count".
        public var convergence: String
        /// For "count": the counted states, the comparison and the value.
        public var counted: [String]?, comparison: String?, value: Int?
    }

    /// `compiled` as a `Description`.
    public static func describe(_ plugin: any Plugin, n: Int, overrides: [String: String] = [:]) throws -> Description {
        let (table, counts) = try compiled(plugin, n: n, overrides: overrides)
        let s = table.spec.states
        var d = Description(plugin: plugin.descriptor.name, task: plugin.descriptor.tasks.first ?? "", n: n, states: s,
                            outputs: table.output.map { table.outputSymbols[$0] }, initial: counts,
                            rules: table.activeRules.map { [s[$0.0], s[$0.1], s[$0.2], s[$0.3]] },
                            convergence: "stable")
        if let p = table.predicate {
            d.convergence = "count"
            d.counted = s.indices.filter { p.weights[$0] != 0 }.map { s[$0] }
            d.comparison = p.comparison.rawValue; d.value = p.value
        }
        return d
    }
}
