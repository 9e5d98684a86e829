import ArgumentParser
import PopBenchCore

/// `popbench compare`: several algorithms or protocols on one task, with CIs, speedups, fits.
struct CompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Compare algorithms (or protocols) on one task across population sizes.",
        discussion: """
        Prints per algorithm and n the final error (mean, 95% t-CI) and the time to target (median, \
        bootstrap CI) on the parallel-time clock, the speedup of each algorithm against the first \
        (ratio, CI, Mann-Whitney p), fits of time against n when three or more sizes are given, and \
        closed-form references where known. Writes results/<run-id>/ and plots/<run-id>/.
        """)

    @Option(help: "Comma-separated algorithms or protocols (catalog names or protocol files); the first is the baseline.")
    var algos: String?

    @Option(help: "Repeat the comparison at each value of one parameter and fit time against it, e.g. gap=0.01,0.02,0.05.")
    var vary: String?

    @OptionGroup var options: ExperimentOptions
    @OptionGroup(title: "Optimization options") var sgd: OptimizationOptions

    func run() throws {
        try CommandRun(command: "compare", options: options, sgd: sgd).run(algos: algos, vary: vary)
    }
}
