import ArgumentParser
import Foundation
import PopBenchCore
import PopBenchSuite

/// The options shared by every command that runs trials; the same vocabulary in both families.
/// Options of the optimization family only (`--clock`, `--metric`, `--backend`) are in
/// `OptimizationOptions`, so `popbench protocol --help` does not list them.
struct ExperimentOptions: ParsableArguments {
    @Option(help: "Task (default: the first algorithm's first task; see popbench list).")
    var task: String?

    /// `--n`/`--nodes`, `--trials`, `--seed`, `--run-id`, `--json`: shared with throughput and bench.
    @OptionGroup var common: CommonOptions
    @Option(help: "Worker threads (default: number of cores).") var jobs: Int?
    @Option(help: "Target of the task's primary metric for time to target (default: the task's).") var target: Double?
    @Option(help: "Run length in parallel time (default: the plugin's).") var budget: Double?
    @Option(help: "Add trials in batches of --trials until every headline median's 95% CI half-width is within this fraction of the median (e.g. 0.1), or --max-trials is reached.")
    var precision: Double?
    @Option(name: .customLong("max-trials"), help: "Upper bound on trials per cell with --precision (default: 10 x --trials).")
    var maxTrials: Int?
    @Option(help: "Finish the interrupted run RUN_ID (its configuration comes from its manifest).") var resume: String?
    @Flag(help: "Overwrite an existing run with the same --run-id.") var force = false
    @Flag(help: "Render plots as PNG instead of SVG.") var png = false
    @Flag(name: .customLong("no-plots"), help: "Write no plots.") var noPlots = false
    @Flag(help: "Show every row and column of the report's tables (by default they fit in 100 columns).") var wide = false
    @Option(help: "Run only shard K of N of the trial grid (K/N, 1 <= K <= N); join the shards with popbench merge.")
    var shard: String?
    @Option(name: .customLong("results-dir"), help: "Root of run results.") var resultsDir: String = "results"
    @Option(name: .customLong("plots-dir"), help: "Root of plot outputs.") var plotsDir: String = "plots"

    @Argument(parsing: .allUnrecognized,
              help: ArgumentHelp("Plugin and task parameters as --name value (see popbench describe NAME).", valueName: "--param value"))
    var parameters: [String] = []

    mutating func validate() throws {
        try common.validate()
        if let j = jobs, j < 1 { throw ValidationError("--jobs: \(j) is not allowed; allowed: a whole number >= 1") }
        if let p = precision, !(p > 0 && p < 1) {
            throw ValidationError("--precision: \(p) is not allowed; allowed: a fraction between 0 and 1 (exclusive), e.g. 0.1")
        }
        if let m = maxTrials, m < trials {
            throw ValidationError("--max-trials: \(m) is not allowed; allowed: a whole number >= --trials (\(trials))")
        }
        if maxTrials != nil && precision == nil {
            throw ValidationError("--max-trials: only allowed with --precision")
        }
    }

    /// The shard chosen with `--shard`, nil for a whole run.
    func parsedShard() throws -> Shard? { try shard.map { try Shard(parsing: $0) } }

    /// Trials per cell: `--trials` or 10.
    var trials: Int { common.trials(default: 10) }
    var seed: UInt64 { common.seed }
    /// The text of `--n`/`--nodes`, if given.
    var sizes: String? { common.sizes }
    var runID: String? { common.runID }
    var json: Bool { common.json }

    /// `--name value` and `--name=value` pairs from the unrecognized arguments; `--network NAME|FILE`
    /// becomes the latency and bandwidth it names (explicit `--latency`/`--bandwidth` win).
    func overrides() throws -> [String: String] {
        try NetworkOverrides.expand(rawOverrides())
    }

    /// The `--name value` pairs as given (`--network` not yet expanded).
    func rawOverrides() throws -> [String: String] {
        var out: [String: String] = [:]
        var i = 0
        while i < parameters.count {
            let word = parameters[i]
            guard word.hasPrefix("--"), word.count > 2 else {
                throw UsageError("unexpected argument '\(word)'; parameters are written --name value (see popbench describe NAME)")
            }
            var name = String(word.dropFirst(2)), value: String
            if let eq = name.firstIndex(of: "=") {
                value = String(name[name.index(after: eq)...])
                name = String(name[..<eq])
            } else if i + 1 < parameters.count, !parameters[i + 1].hasPrefix("--") {
                value = parameters[i + 1]
                i += 1
            } else {
                value = "true"
            }
            if out[name] != nil { throw UsageError("--\(name): given twice") }
            out[name] = value
            i += 1
        }
        return out
    }
}
