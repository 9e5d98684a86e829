import ArgumentParser
import PopBenchCore
import PopBenchProtocols

/// `popbench bench export`: the exact protocol a catalog plugin simulates, as JSON, for other
/// simulators (scripts/compare-ppsim hands it to ppsim).
struct BenchExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Print the compiled protocol (states, outputs, initial counts, ordered rules, convergence) of a plugin at n as JSON.")

    @Argument(help: "A protocol plugin name or protocol file.") var plugin: String
    @Option(help: "Population size n.") var n: String
    @Option(help: "Plugin or task parameter NAME=VALUE (repeatable), e.g. gap=0.01.") var set: [String] = []

    func run() throws {
        let sizes = try NumberList.sizes(n, field: "--n")
        guard sizes.count == 1 else { throw UsageError("--n: give one population size") }
        var overrides: [String: String] = [:]
        for kv in set {
            let parts = kv.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { throw UsageError("--set: '\(kv)' is not NAME=VALUE") }
            overrides[parts[0]] = parts[1]
        }
        let registry = CLI.registry
        guard let p = try registry.plugins.first(where: { $0.descriptor.name == plugin })
                ?? ProtocolFamily.catalog.fileLoader?(plugin) else {
            throw UsageError("export: unknown protocol '\(plugin)'; known: \(ProtocolFamily.catalog.plugins.map(\.descriptor.name).joined(separator: ", "))")
        }
        try CLI.printJSON(try ProtocolExport.describe(p, n: sizes[0], overrides: overrides))
    }
}
