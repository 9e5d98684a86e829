import Foundation
import PopBenchCore
import PopBenchPlot

/// Finishes a stored run: analyzes its records, adds trials in batches while `--precision` asks
/// for more, writes the plots, `summary.csv`, the report JSON and its HTML page (`report.html`),
/// and marks the run complete.
/// Shared by every trial-running command and by `merge`, so a merged run reports exactly as the
/// unsharded command would.
public struct RunReporter: Sendable {
    public var registry: Registry
    /// The clock of the headline time to target (`--clock`).
    public var clock: Clock = .nodeSteps
    /// Which model's metric decides time to target (`--metric`).
    public var quality: Quality = .nodesMean
    /// Root of plot outputs; nil: no plots.
    public var plotsRoot: URL?
    public var png = false
    /// `--precision`: the relative CI half-width of the headline medians to reach, if any.
    public var precision: Double?
    /// `--max-trials` with `--precision` (nil: 10 batches).
    public var maxTrials: Int?
    /// Trials added per batch with `--precision` (`--trials`).
    public var trialsPerBatch = 1
    /// Called with a line of progress for people (stderr).
    public var log: @Sendable (String) -> Void = { _ in }

    public init(registry: Registry) { self.registry = registry }

    /// Analyzes and writes the finished run in `store` (records of `spec`), running more trials
    /// through `session` when `precision` asks; returns the analysis whose report was written.
    public func finish(store: ResultStore, spec: ExperimentSpec, records: [TrialRecord],
                       session: RunSession) throws -> Analyzer.Analysis {
        let plotsDir = plotsRoot?.appendingPathComponent(store.runID)
        var analysis = try analyze(spec, records, store: store, plotsDir: plotsDir)
        if let precision {
            // Add trials in batches of --trials until every headline median's CI half-width is
            // within P of it, or --max-trials.
            let maxTrials = self.maxTrials ?? 10 * trialsPerBatch
            var trials = spec.trials
            var width = PrecisionOutcome.relativeHalfWidth(Self.headlineRows(analysis))
            while width > precision && trials < maxTrials {
                trials = min(trials + trialsPerBatch, maxTrials)
                log("precision: half-width \(ReportFormatter.short(width)) > \(ReportFormatter.short(precision)); running up to \(trials) trials per cell")
                let (_, more) = try session.extend(runID: store.runID, trials: trials)
                analysis = try analyze(try store.readManifest().spec, more, store: store, plotsDir: plotsDir)
                width = PrecisionOutcome.relativeHalfWidth(Self.headlineRows(analysis))
            }
            analysis.report.precision = PrecisionOutcome(target: precision, achieved: width, trials: trials,
                                                         maxTrials: maxTrials, reachedMaxTrials: width > precision)
        }
        if let plotsDir {
            analysis.report.plots = try RunPlots.write(analysis, to: plotsDir, png: png)
        }
        try store.write(text: ReportFormatter.csv(analysis.report), to: "summary.csv")
        try JSON.prettyEncoder().encode(JSON.versioned(analysis.report)).write(to: store.reportURL, options: .atomic)
        try session.complete(store)
        // After the manifest says `complete`, so that `popbench report RUN` rebuilds the same page.
        try RunHTMLReport(report: analysis.report, manifest: try store.readManifest(),
                          figures: RunHTMLReport.figures(of: analysis.report)).write(to: store)
        return analysis
    }

    private func analyze(_ spec: ExperimentSpec, _ records: [TrialRecord], store: ResultStore,
                         plotsDir: URL?) throws -> Analyzer.Analysis {
        var analyzer = Analyzer(registry: registry, spec: spec)
        analyzer.clock = clock
        analyzer.quality = quality
        return try analyzer.analyze(records, runID: store.runID, resultsDir: store.directory.path, plotsDir: plotsDir?.path)
    }

    /// The rows `--precision` watches: time to target on the headline clock, or protocol time.
    public static func headlineRows(_ analysis: Analyzer.Analysis) -> [ReportRow] {
        analysis.report.rows.filter {
            ($0.metric == "time_to_target" && $0.clock == analysis.clock.rawValue) || $0.metric == OutcomeName.time
        }
    }
}
