import ArgumentParser

/// `popbench bench`: engine speed benchmarks.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure engine and kernel speed (protocol engines, CNN training step).",
        subcommands: [BenchProtocolsCommand.self, BenchCNNCommand.self, BenchExportCommand.self])
}
