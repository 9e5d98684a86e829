import Foundation
import PopBenchCore

/// How a finished run is reported: the headline clock, where plots go and in which format, and
/// whether stdout carries JSON. Shared by the trial-running commands and `merge`.
struct ReportOutput {
    var headlineClock: Clock
    var plotsDir: String
    var noPlots: Bool
    var png: Bool
    var json: Bool
    /// Which model's metric decides time to target (`--metric`).
    var quality: Quality = .nodesMean
    /// `--precision`: the relative CI half-width of the headline medians to reach, if any.
    var precision: Double?
    /// `--max-trials` with `--precision`.
    var maxTrials: Int?
    /// Trials added per batch with `--precision` (`--trials`).
    var trialsPerBatch = 1
    /// `--wide`: every row and column of the text tables.
    var wide = false
    /// False for the runs of `--vary --json`, which print one combined object at the end.
    var printsReport = true

    init(headlineClock: Clock, plotsDir: String, noPlots: Bool, png: Bool, json: Bool) {
        self.headlineClock = headlineClock; self.plotsDir = plotsDir; self.noPlots = noPlots
        self.png = png; self.json = json
    }

    init(options: ExperimentOptions, sgd: OptimizationOptions) {
        self.init(headlineClock: sgd.headlineClock, plotsDir: options.plotsDir, noPlots: options.noPlots,
                  png: options.png, json: options.json)
        quality = sgd.quality
        precision = options.precision
        maxTrials = options.maxTrials
        trialsPerBatch = options.trials
        wide = options.wide
    }
}

/// What a shard run prints instead of a report (a shard alone is not the experiment): where its
/// trials went and how many of the whole grid it holds.
struct ShardOutput: Encodable {
    var command = "shard"
    var runID: String
    var resultsDir: String
    var shard: String
    var trials: Int
    var totalTrials: Int

    enum CodingKeys: String, CodingKey {
        case command, shard, trials
        case runID = "run_id", resultsDir = "results_dir", totalTrials = "total_trials"
    }

    func print(json: Bool) throws {
        if json {
            try CLI.printJSON(self)
        } else {
            Swift.print("shard \(shard): \(trials) of \(totalTrials) trials in \(resultsDir); join the shards with popbench merge")
        }
    }
}
