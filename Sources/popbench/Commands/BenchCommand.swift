import ArgumentParser
import Foundation
import PopBenchCore
import PopBenchProtocols

/// `popbench bench`: engine speed benchmarks.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure engine and kernel speed (protocol engines, CNN training step).",
        subcommands: [BenchProtocolsCommand.self, BenchCNNCommand.self])
}

/// `popbench bench protocols`: interactions per second of the protocol engines on the catalog.
struct BenchProtocolsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "protocols",
        abstract: "Time the agent and batch engines on catalog protocols (gap 0.01) and print a table.",
        discussion: """
        Rows: plugin, engine, n, interactions per second, seconds per trial, mean convergence \
        parallel time. The default grid runs the agent engine on am3 and em4 and the batch engine on \
        every catalog protocol at n = 10^6 and on am3, em4 and epidemic at 10^8; --large adds \
        10^10 and 10^12. Wall-clock times on one core, seeds fixed.
        """)

    @Flag(help: "Add n = 10^10 and 10^12 for the batch engine on am3, em4 and epidemic.") var large = false
    @Option(help: "Trials per row (>= 1).") var trials: Int = 3
    @Option(help: "Master seed.") var seed: UInt64 = 1
    @Flag(help: "Print one JSON object on stdout.") var json = false

    /// A row as printed in JSON (stable snake_case keys).
    struct Row: Encodable {
        var plugin: String, engine: String, n: Int, trials: Int, interactions: Double, seconds: Double
        var interactions_per_second: Double, seconds_per_trial: Double, mean_time: Double, converged: Int
    }
    struct Output: Encodable { var command = "bench protocols"; var rows: [Row] }

    func run() throws {
        guard trials >= 1 else { CLI.fail("--trials: \(trials) is not allowed; allowed: >= 1", code: 2) }
        var rows: [Row] = []
        let grid = ProtocolBench.defaultGrid(large: large)
        if !json {
            print(pad(["plugin", "engine", "n", "interactions/s", "s/trial", "mean time", "converged"]))
        }
        for cell in grid {
            let r: ProtocolBench.Row
            do { r = try ProtocolBench.run(plugin: cell.plugin, engine: cell.engine, n: cell.n, trials: trials, seed: seed) } catch {
                CLI.fail("\(error)", code: 2)
            }
            let row = Row(plugin: r.plugin, engine: r.engine, n: r.n, trials: r.trials, interactions: r.interactions,
                          seconds: r.seconds, interactions_per_second: r.interactionsPerSecond,
                          seconds_per_trial: r.seconds / Double(r.trials), mean_time: r.meanTime, converged: r.converged)
            rows.append(row)
            if !json {
                print(pad([row.plugin, row.engine, sci(Double(row.n)), sci(row.interactions_per_second),
                           String(format: "%.4g", row.seconds_per_trial), String(format: "%.4g", row.mean_time),
                           "\(row.converged)/\(row.trials)"]))
            }
        }
        if json { try CLI.printJSON(Output(rows: rows)) }
    }

    private func sci(_ x: Double) -> String { String(format: "%.3g", x) }
    private func pad(_ cols: [String]) -> String {
        let widths = [13, 7, 8, 15, 10, 10, 9]
        return zip(cols, widths).map { $0.padding(toLength: max($1, $0.count), withPad: " ", startingAt: 0) }
            .joined(separator: " ").trimmingCharacters(in: .whitespaces)
    }
}
