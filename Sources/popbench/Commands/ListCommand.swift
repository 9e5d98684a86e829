import ArgumentParser
import PopBenchCore
import PopBenchProtocols
import PopBenchSuite

/// `popbench list`: every plugin and task, generated from their declarations.
struct ListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List algorithms, protocols and tasks.")

    @Flag(help: "Print one JSON object on stdout.") var json = false

    struct Entry: Encodable {
        var name: String, family: String, summary: String, tasks: [String]
    }

    func run() throws {
        let registry = CLI.registry
        let plugins = registry.plugins.map(\.descriptor).sorted { ($0.family.rawValue, $0.name) < ($1.family.rawValue, $1.name) }
        if json {
            try CLI.printJSON(["plugins": plugins.map { Entry(name: $0.name, family: $0.family.rawValue, summary: $0.summary, tasks: $0.tasks) },
                               "tasks": registry.tasks.map { Entry(name: $0.name, family: $0.family.rawValue, summary: $0.summary, tasks: []) }])
            return
        }
        print(CatalogListing.pluginTable(registry))
        print("\n" + CatalogListing.taskTable(registry))
        var seed = TextTable(["row of the seed's table", "task", "states", "time", "implemented by"])
        for c in ProtocolClaims.all { seed.add([c.row, c.task, c.states, c.time, c.implementedBy]) }
        print("\nThe seed's protocol table: each paper's claim and what implements it (see docs/protocols-and-engines.md):\n" + seed.render())
        print("\nMore: popbench describe NAME")
    }
}
