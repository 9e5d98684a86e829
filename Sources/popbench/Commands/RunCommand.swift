import ArgumentParser
import PopBenchCore

/// `popbench run ALGO`: one algorithm or protocol, reported like `compare`.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run", abstract: "Run one algorithm or protocol and report it like compare.")

    @Argument(help: "A catalog name or a protocol file.") var algo: String
    @OptionGroup var options: ExperimentOptions
    @OptionGroup(title: "Optimization options") var sgd: OptimizationOptions

    func run() throws {
        try CommandRun(command: "run", options: options, sgd: sgd).run(plugins: [algo])
    }
}
