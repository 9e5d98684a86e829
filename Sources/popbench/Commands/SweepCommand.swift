import ArgumentParser
import PopBenchCore

/// `popbench sweep`: time to target against n, with the predicted law fitted.
struct SweepCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sweep",
        abstract: "Measure time to target against n and fit the predicted law (linear speedup: a/n + b).",
        discussion: """
        Runs each algorithm at every n, and sequential SGD as the reference (baseline of the \
        speedups, dashed line in the plot). Prints the fitted law with CIs, the ranking of the other \
        shapes, and the log-log slope of time against n with its CI (-1 is linear speedup). The \
        default target sits in the noise-dominated regime of the theorems; a large --target puts \
        the run in the regime where the initial distance dominates and the slope flattens.
        """)

    @Option(help: "Comma-separated algorithms to sweep over n.") var algos: String?
    @Option(help: "The sequential reference algorithm.") var reference: String = "sgd"
    @Option(help: "Repeat the sweep at each value of one parameter and fit time against it, e.g. gap=0.01,0.02,0.05.")
    var vary: String?
    @OptionGroup var options: ExperimentOptions
    @OptionGroup(title: "Optimization options") var sgd: OptimizationOptions

    func run() throws {
        try CommandRun(command: "sweep", options: options, sgd: sgd, defaultSizes: "2..64")
            .run(algos: algos, reference: reference, vary: vary)
    }
}

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
