import PopBenchCore
import PopBenchProtocols
import Testing

/// The seed's table as data (`ProtocolClaims`) against the catalog, the hardest majority input,
/// and the visited-state count of the measured table.
@Suite struct ProtocolClaimsTests {
    /// Every majority and leader protocol of the catalog has a claim, and every claim that names
    /// a plugin names a catalog protocol on the claim's task.
    @Test func claimsCoverTheCatalog() {
        let plugins = ProtocolFamily.catalog.plugins.map(\.descriptor)
        for d in plugins where d.tasks.contains("majority") || d.tasks.contains("leader") {
            #expect(ProtocolClaims.claim(d.name) != nil, "\(d.name) has no claim")
        }
        for c in ProtocolClaims.all {
            if let name = c.plugin {
                #expect(plugins.contains { $0.name == name && $0.tasks.contains(c.task) }, "\(name)")
                #expect(c.missing == nil)
            } else {
                #expect(c.missing != nil, "\(c.row) is neither implemented nor explained")
            }
        }
    }

    /// `--n 1001 --gap 0.000999` (and gap 0.999/n) starts from 501 A and 500 B: a margin of
    /// exactly one agent, for every exact majority protocol in the catalog.
    @Test(arguments: ["0.000999", String(0.999 / 1001.0)])
    func hardestInputIsAMarginOfOne(gap: String) throws {
        for name in ["em4", "avc", "cancel-split"] {
            let plugin = catalogPlugin(name)
            let config = try Configuration(specs: plugin.descriptor.parameters + ProtocolTasks.majority.parameters,
                                           overrides: ["gap": gap])
            let setup = TrialSetup(plugin: name, task: "majority", n: 1001, config: config)
            let table = try #require(try CatalogTables.compiled(name, n: 1001))
            let (counts, majority) = try ProtocolGoal.majorityCounts(table, setup: setup)
            let minority = try #require(table.spec.initial.entries.first { $0.amount == .minority }.flatMap { table.state($0.state) })
            #expect(counts[majority] == 501 && counts[minority] == 500 && counts.reduce(0, +) == 1001, "\(name): \(counts)")
        }
    }

    /// Visited states never exceed the allocated ones and include the reachable core: em4
    /// visits all 4 states from a 1% margin; cancel-split visits more than its 2 input states.
    @Test func visitedStatesAreCounted() throws {
        var rng = Xoshiro256(seed: 7)
        let em4 = try #require(try CatalogTables.compiled("em4", n: 1000))
        let c4 = try CatalogTables.initialCounts(em4, task: "majority", n: 1000, gap: 0.01)
        #expect(CatalogTables.visitedStates(em4, counts: c4, interactions: 200_000, rng: &rng) == 4)
        let cs = try #require(try CatalogTables.compiled("cancel-split", n: 1000))
        let cc = try CatalogTables.initialCounts(cs, task: "majority", n: 1000, gap: 0.01)
        let visited = CatalogTables.visitedStates(cs, counts: cc, interactions: 200_000, rng: &rng)
        #expect(visited > 2 && visited <= cs.stateCount)
    }
}
