import ArgumentParser
import PopBenchCore
import PopBenchProtocols

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
        var t = TextTable(["name", "family", "tasks", "summary"])
        for d in plugins { t.add([d.name, d.family.rawValue, d.tasks.joined(separator: ","), d.summary]) }
        print(t.render())
        var tasks = TextTable(["task", "family", "summary"])
        for d in registry.tasks.sorted(by: { $0.name < $1.name }) { tasks.add([d.name, d.family.rawValue, d.summary]) }
        print("\n" + tasks.render())
        let missing = ProtocolClaims.all.filter { $0.plugin == nil }
        if !missing.isEmpty {
            print("\nRows of the seed's protocol table not implemented (no stand-in is shipped; see docs/protocols-and-engines.md):")
            for c in missing { print("  \(c.row): \(c.states) states, \(c.time) time; \(c.paper)") }
        }
        print("\nMore: popbench describe NAME")
    }
}
