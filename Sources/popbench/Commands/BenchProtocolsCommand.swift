import ArgumentParser
import Foundation
import PopBenchCore
import PopBenchProtocols
import PopBenchSuite

/// `popbench bench protocols`: interactions per second of the protocol engines on the catalog.
struct BenchProtocolsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "protocols",
        abstract: "Time the agent and batch engines on catalog protocols (gap 0.01) and print a table.",
        discussion: """
        Rows: plugin, engine, n, interactions per second, seconds per trial, mean convergence \
        parallel time. The default grid runs the agent engine on am3 and em4 and the batch engine on \
        every catalog protocol at n = 10^6 and on am3, em4 and epidemic at 10^8; --large adds \
        10^10 and 10^12. With --n, every catalog protocol runs on both exact engines at each n, \
        each trial capped at a parallel time (the `budget` column): --budget for both engines if \
        given (whole runs); else 50 (most of a run) for the batch engine, and the agent engine is \
        timed over the same stretch without running all of it (minutes at 10^7): the stretch is \
        cut into 5 equal phases, a batch run gives the configuration at each phase's start, and \
        the agent engine runs the same number of interactions from each (about --seconds per \
        trial in all); total interactions over total seconds is then the rate of a run that \
        spends equal time in every phase. A second table gives the \
        batch/agent ratio of interactions per second and whether `auto` picks the faster engine. \
        Wall-clock times on one core, seeds fixed.
        """)

    @Flag(help: "Add n = 10^10 and 10^12 for the batch engine on am3, em4 and epidemic.") var large = false
    /// `--n`/`--nodes`: instead of the default grid, every catalog protocol on both exact engines
    /// at these n, with the batch/agent ratio and auto's pick; `--trials` per row (default 3),
    /// `--seed`, `--json`. `--run-id` is refused: this command writes no files.
    @OptionGroup var common: CommonOptions
    @Option(help: "Only this engine's rows: agent or batch (default: both).") var engine: EngineKind?
    @Option(help: "Parallel-time cap per trial with --n, both engines running whole trials (default: 50, the agent engine by phases; see --seconds).")
    var budget: Double?
    @Option(help: "With --n and no --budget: agent-engine seconds per trial over the phases of the stretch (default 3).")
    var seconds: Double = 3

    /// A row as printed in JSON (stable snake_case keys).
    struct Row: Encodable {
        var plugin: String, engine: String, n: Int, trials: Int, interactions: Double, seconds: Double
        var interactions_per_second: Double, seconds_per_trial: Double, mean_time: Double, converged: Int
        /// The parallel-time cap of each trial (nil: the plugin's own budget, default grid).
        var budget: Double?
        /// Agent rows timed by phases of the stretch 0-budget (`ProtocolBench.agentOverStretch`):
        /// the number of phases; nil for whole runs.
        var phases: Int?
    }
    /// Per protocol and n with --n: batch over agent interactions per second, auto's engine and
    /// whether it is the faster one.
    struct Ratio: Encodable {
        var plugin: String, n: Int, agent_interactions_per_second: Double, batch_interactions_per_second: Double
        var batch_over_agent: Double, auto: String, faster: String, auto_picks_faster: Bool
    }
    struct Output: Encodable { var command = "bench protocols"; var rows: [Row]; var ratios: [Ratio] }

    func validate() throws {
        if common.runID != nil { throw ValidationError("--run-id: bench protocols writes no files; drop --run-id") }
        if let engine, ![.agent, .batch].contains(engine) {
            throw ValidationError("--engine: '\(engine.rawValue)' is not allowed; allowed: agent, batch")
        }
        if let budget, !(budget > 0 && budget.isFinite) { throw ValidationError("--budget: \(budget) is not allowed; allowed: > 0") }
        if !(seconds > 0 && seconds.isFinite) { throw ValidationError("--seconds: \(seconds) is not allowed; allowed: > 0") }
    }

    func run() throws {
        let json = common.json, trials = common.trials(default: 3)
        var rows: [Row] = []
        let ns = common.sizes == nil ? [] : try common.sizes(default: "")
        let grid = (ns.isEmpty ? ProtocolBench.defaultGrid(large: large) : ProtocolBench.engineGrid(ns: ns))
            .filter { engine == nil || $0.engine == engine }
        let nameWidth = max(13, grid.map(\.plugin.count).max() ?? 0)
        let rowWidths = [nameWidth, 7, 8, 15, 10, 10, 9, 8], ratioWidths = [nameWidth, 7, 12, 6, 7, 7]
        if !json {
            print(pad(["plugin", "engine", "n", "interactions/s", "s/trial", "mean time", "converged", "budget"],
                      widths: rowWidths))
        }
        var stretched = false
        for cell in grid {
            let cap: Double? = ns.isEmpty ? nil : budget ?? ProtocolBench.fullCap
            // With --n and no --budget the agent engine is timed over the batch engine's stretch
            // by phases (`agentOverStretch`); a whole agent run to parallel time 50 takes minutes.
            let phased = !ns.isEmpty && budget == nil && cell.engine == .agent
            let r = phased
                ? try ProtocolBench.agentOverStretch(plugin: cell.plugin, n: cell.n, end: ProtocolBench.fullCap,
                                                     seconds: seconds, trials: trials, seed: common.seed)
                : try ProtocolBench.run(plugin: cell.plugin, engine: cell.engine, n: cell.n, trials: trials,
                                        seed: common.seed, budget: cap)
            stretched = stretched || phased
            let row = Row(plugin: r.plugin, engine: r.engine, n: r.n, trials: r.trials, interactions: r.interactions,
                          seconds: r.seconds, interactions_per_second: r.interactionsPerSecond,
                          seconds_per_trial: r.seconds / Double(r.trials), mean_time: r.meanTime, converged: r.converged,
                          budget: cap, phases: phased ? ProtocolBench.stretchPhases : nil)
            rows.append(row)
            if !json {
                print(pad([row.plugin, row.engine, sci(Double(row.n)), sci(row.interactions_per_second),
                           String(format: "%.4g", row.seconds_per_trial), String(format: "%.4g", row.mean_time),
                           "\(row.converged)/\(row.trials)", cap.map { String(format: "%.3g", $0) } ?? "plugin"],
                          widths: rowWidths))
            }
        }
        var ratios: [Ratio] = []
        for a in rows where a.engine == "agent" {
            guard let b = rows.first(where: { $0.engine == "batch" && $0.plugin == a.plugin && $0.n == a.n }) else { continue }
            let auto = try ProtocolBench.autoEngine(plugin: a.plugin, n: a.n).rawValue
            let faster = b.interactions_per_second >= a.interactions_per_second ? "batch" : "agent"
            ratios.append(Ratio(plugin: a.plugin, n: a.n, agent_interactions_per_second: a.interactions_per_second,
                                batch_interactions_per_second: b.interactions_per_second,
                                batch_over_agent: b.interactions_per_second / a.interactions_per_second,
                                auto: auto, faster: faster, auto_picks_faster: auto == faster))
        }
        if json { try CLI.printJSON(Output(rows: rows, ratios: ratios)); return }
        if stretched {
            print("agent rows: timed from the start of each of \(ProtocolBench.stretchPhases) equal phases of the batch "
                  + "engine's stretch (parallel time 0-\(Int(ProtocolBench.fullCap)), or to convergence), the same number of "
                  + "interactions in each; mean time: the stretch covered")
        }
        if !ratios.isEmpty {
            print("\n" + pad(["plugin", "n", "batch/agent", "auto", "faster", "auto ok"], widths: ratioWidths))
            for r in ratios {
                print(pad([r.plugin, sci(Double(r.n)), String(format: "%.3g", r.batch_over_agent), r.auto, r.faster,
                           r.auto_picks_faster ? "yes" : "NO"], widths: ratioWidths))
            }
        }
    }

    private func sci(_ x: Double) -> String { String(format: "%.3g", x) }
    /// The columns left-aligned at `widths` (a longer entry pushes the rest of its line right).
    private func pad(_ cols: [String], widths: [Int]) -> String {
        zip(cols, widths).map { $0.padding(toLength: max($1, $0.count), withPad: " ", startingAt: 0) }
            .joined(separator: " ").trimmingCharacters(in: .whitespaces)
    }
}
