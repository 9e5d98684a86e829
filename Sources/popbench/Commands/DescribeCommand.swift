import ArgumentParser
import PopBenchCore

/// `popbench describe NAME`: a plugin's or task's parameters, reference and predicted bound.
struct DescribeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "describe", abstract: "Describe an algorithm, protocol or task.")

    @Argument(help: "A plugin or task name (see popbench list).") var name: String

    func run() throws {
        let registry = CLI.registry
        if let plugin = registry.plugins.first(where: { $0.descriptor.name == name }) {
            let d = plugin.descriptor
            print("\(d.name) (\(d.family.rawValue)): \(d.summary)")
            print("reference: \(d.reference)")
            print("tasks: \(d.tasks.joined(separator: ", "))")
            if let b = d.predictedBound { print("predicted bound: time ~ \(b.formula) in n") }
            if d.minimumN > 1 { print("needs n >= \(d.minimumN)") }
            if !d.notes.isEmpty { print("\n" + d.notes) }
            print("\nparameters:\n" + table(d.parameters))
            for task in d.tasks.compactMap({ t in registry.tasks.first { $0.name == t } }) where !task.parameters.isEmpty {
                print("\nparameters of task \(task.name):\n" + table(task.parameters))
            }
        } else if let task = registry.tasks.first(where: { $0.name == name }) {
            print("task \(task.name) (\(task.family.rawValue)): \(task.summary)")
            if !task.metrics.isEmpty {
                print("metrics: " + task.metrics.map { "\($0.name) (\($0.help))" }.joined(separator: "; "))
            }
            if let p = task.primaryMetric { print("time to target is measured on: \(p)") }
            let runners = registry.plugins.filter { $0.descriptor.tasks.contains(task.name) }.map(\.descriptor.name)
            print("plugins: \(runners.joined(separator: ", "))")
            print("\nparameters:\n" + table(task.parameters))
        } else {
            throw UsageError("describe: unknown name '\(name)'; known: \((registry.pluginNames + registry.taskNames).joined(separator: ", "))")
        }
    }

    private func table(_ specs: [ParameterSpec]) -> String {
        if specs.isEmpty { return "  (none)" }
        var t = TextTable(["option", "type", "default", "allowed", "help"])
        for s in specs { t.add(["--\(s.name)", s.kind.displayName, s.defaultValue.description, s.allowedDescription, s.help]) }
        return t.render()
    }
}
