import ArgumentParser
import PopBenchCore

/// `popbench protocol FILE|NAME`: one population protocol, from the catalog or a file.
struct ProtocolCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "protocol",
        abstract: "Run one population protocol (catalog name or protocol file) and report like compare.",
        discussion: "Engine choice: --engine agent|batch|tau|auto. Protocol files: see docs/protocols-and-engines.md. The options of optimization runs (headline clock, scored model, MPI backend) do not apply: protocols are timed in parallel time on simulated agents.")

    @Argument(help: "A catalog protocol name or a protocol file (.yaml).") var name: String
    @OptionGroup var options: ExperimentOptions

    func run() throws {
        try CommandRun(command: "protocol", options: options, family: .protocol).run(plugins: [name])
    }
}
