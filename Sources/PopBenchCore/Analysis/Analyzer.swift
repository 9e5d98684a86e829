import Foundation

/// Turns a run's trial records into the report: per-cell rows, comparisons against the first
/// plugin, fits of time against n, and closed-form references. Pure: the same records give the
/// same report (bootstrap seeds derive from the master seed).
public struct Analyzer: Sendable {
    public let registry: Registry
    public let spec: ExperimentSpec
    /// Bootstrap resamples for medians and ratios.
    public var resamples = 2000
    /// The clock of the headline time to target (`--clock`): fits and the scaling plot use it
    /// and it heads the comparisons; rows and comparisons are reported on every clock.
    public var clock: Clock = .nodeSteps
    /// Which model's metric decides time to target (`--metric`): the node-level mean by default.
    public var quality: Quality = .nodesMean

    public init(registry: Registry, spec: ExperimentSpec) {
        self.registry = registry; self.spec = spec
    }

    /// Everything computed from a run: the JSON report and the curves for plots.
    public struct Analysis: Sendable {
        public var report: Report
        /// Mean curves of every series metric on every clock, per cell.
        public var curves: [MeanCurve]
        public var task: TaskDescriptor
        /// The experiment analyzed.
        public var spec: ExperimentSpec
        /// The clock of the headline time (comparisons, fits, scaling plot).
        public var clock: Clock = .nodeSteps
    }

    public func analyze(_ records: [TrialRecord], runID: String, resultsDir: String, plotsDir: String?) throws -> Analysis {
        let task = try registry.task(named: spec.cells.first?.task ?? "")
        var report = Report(command: spec.command, runID: runID, resultsDir: resultsDir, plotsDir: plotsDir)
        var curves: [MeanCurve] = []
        let byCell = Dictionary(grouping: records, by: \.cell)
        // Per-cell samples of the time to target on every clock, reused by comparisons and fits.
        var headline: [Int: Headline] = [:]

        for (c, cell) in spec.cells.enumerated() {
            let recs = (byCell[c] ?? []).sorted { $0.trial < $1.trial }
            guard !recs.isEmpty else { continue }
            if let primary = task.primary {
                let scored = task.metrics.filter { $0.name != OutcomeName.gamma }
                let seriesNames = scored.flatMap { m in Quality.targetChoices.map { $0.seriesName(of: m.name) } }
                    + task.metrics.filter { $0.name == OutcomeName.gamma }.map(\.name)
                for name in seriesNames {
                    for clock in Clock.allCases {
                        if let curve = MeanCurve.build(recs, metric: name, clock: clock) { curves.append(curve) }
                    }
                }
                report.rows += finalRows(recs, cell: cell, metrics: scored)
                if let r = recs.first, let steps = r.outcomes[Clock.nodeSteps.rawValue],
                   let units = r.outcomes[Clock.parallel.rawValue], units > 0 {
                    report.gradientsPerParallelUnit[cell.plugin] = steps / units
                }
                report.rows += paceRow(recs, cell: cell)
                if let target = cell.target {
                    // The chosen quality's series, or the average model's for records without it.
                    let quality = recs.first?.series?.metrics[self.quality.seriesName(of: primary.name)] != nil ? self.quality : .avg
                    let series = quality.seriesName(of: primary.name)
                    var times: [Clock: [Double]] = [:]
                    for clock in Clock.allCases where recs.first?.series?.clocks[clock.rawValue] != nil {
                        let (row, values) = timeToTargetRow(recs, cell: cell, metric: primary, series: series, quality: quality,
                                                            clock: clock, target: target,
                                                            curve: curves.last { $0.plugin == cell.plugin && $0.n == cell.n && $0.metric == series && $0.clock == clock },
                                                            seed: UInt64(c))
                        report.rows.append(row)
                        times[clock] = values
                    }
                    headline[c] = Headline(metric: "time_to_target", quality: quality.rawValue, times: times)
                }
            } else {
                let (rows, values) = protocolRows(recs, cell: cell, seed: UInt64(c))
                // A size above 2^63 is shown as the real number, beside n = Int.max.
                report.rows += rows.map { var row = $0; row.size = cell.realN; return row }
                headline[c] = Headline(metric: OutcomeName.time, quality: nil, times: [.parallel: values])
                report.reference += try references(recs, cell: cell, values: values)
            }
        }
        report.comparisons = comparisons(headline)
        report.fits = try fits(headline)
        report.headlineClock = clock.rawValue
        report.verdict = Verdict.sentences(report)
        return Analysis(report: report, curves: curves, task: task, spec: spec, clock: clock)
    }

    // MARK: rows

    /// The final value of every scored metric at every quality (average model, node mean,
    /// worst node) and of Gamma, each a Student-t row over the trials that did not diverge.
    private func finalRows(_ recs: [TrialRecord], cell: Cell, metrics: [MetricSpec]) -> [ReportRow] {
        var rows: [ReportRow] = []
        var names: [(series: String, quality: Quality)] = []
        for metric in metrics {
            for quality in Quality.targetChoices { names.append((quality.seriesName(of: metric.name), quality)) }
        }
        names.append((OutcomeName.gamma, .consensus))
        for (c, entry) in names.enumerated() {
            let key = OutcomeName.finalValue + ":" + entry.series
            // Records from before node-level scoring carry only `final` (the primary, average model).
            let values: [Double] = recs.compactMap { r in
                let v = r.outcomes[key] ?? (c == 0 ? r.outcomes[OutcomeName.finalValue] : nil)
                return v.map { r.status == .diverged ? Double.nan : $0 }
            }
            guard !values.isEmpty else { continue }
            var row = meanRow(values, cell: cell, metric: "final_\(entry.series)", clock: "none")
            row.quality = entry.quality.rawValue
            rows.append(row)
        }
        return rows
    }

    /// A Student-t row of per-trial `values`: mean, median and 95% CI over the finite ones, and
    /// the Wilson interval of the fraction that is finite (a diverged trial is NaN).
    private func meanRow(_ values: [Double], cell: Cell, metric: String, clock: String) -> ReportRow {
        let finite = values.filter(\.isFinite)
        let ci = (try? Statistics.meanInterval(finite)) ?? Interval(low: .nan, high: .nan, level: 0.95)
        let wilson = Statistics.wilsonInterval(successes: finite.count, trials: values.count)
        return ReportRow(plugin: cell.plugin, task: cell.task, n: cell.n, metric: metric, clock: clock,
                         trials: values.count, mean: Statistics.mean(finite), median: Statistics.median(finite),
                         ciLow: ci.low, ciHigh: ci.high, ciKind: "student-t", successes: finite.count,
                         successRate: Double(finite.count) / Double(values.count), successCILow: wilson.low,
                         successCIHigh: wilson.high, expectedRuntime: nil, target: nil, meanCurveTime: nil,
                         sd: Statistics.standardDeviation(finite))
    }

    /// Seconds of wall clock per node-step (final `wall` / final `node-steps` of each trial): the
    /// factor between an algorithm's speedups on the two clocks. A sequential or fully busy node
    /// spends one compute time per node-step; waiting (a rendezvous, a barrier, a transfer that
    /// is not overlapped) shows as a larger pace, so the wall-clock speedup against a baseline is
    /// the node-steps speedup times pace(baseline) / pace(plugin).
    private func paceRow(_ recs: [TrialRecord], cell: Cell) -> [ReportRow] {
        let values: [Double] = recs.compactMap { r in
            guard let wall = r.outcomes[Clock.wall.rawValue], let steps = r.outcomes[Clock.nodeSteps.rawValue],
                  steps > 0, wall > 0 else { return nil }
            return wall / steps
        }
        return values.isEmpty ? [] : [meanRow(values, cell: cell, metric: OutcomeName.wallPerNodeStep, clock: Clock.wall.rawValue)]
    }

    /// Time to target on one clock; failures count as +infinity in the median and its bootstrap.
    private func timeToTargetRow(_ recs: [TrialRecord], cell: Cell, metric: MetricSpec, series: String, quality: Quality,
                                 clock: Clock, target: Double, curve: MeanCurve?, seed: UInt64) -> (ReportRow, [Double]) {
        var values: [Double] = [], spent = 0.0
        for r in recs {
            let t = r.series.flatMap { TimeToTarget.time($0, metric: series, clock: clock, target: target, direction: metric.direction) }
            values.append(t ?? .infinity)
            spent += t ?? (r.series?.clocks[clock.rawValue]?.last ?? 0)
        }
        let successes = values.filter(\.isFinite)
        let ci = Statistics.bootstrapInterval(values, level: 0.95, resamples: resamples,
                                              seed: SeedDerivation.subSeed(spec.masterSeed, "bootstrap-time-to-target", index: Int(seed)), statistic: Statistics.median)
        let wilson = Statistics.wilsonInterval(successes: successes.count, trials: values.count)
        var row = ReportRow(plugin: cell.plugin, task: cell.task, n: cell.n, metric: "time_to_target", clock: clock.rawValue,
                            trials: recs.count, mean: Statistics.mean(successes), median: Statistics.median(values),
                            ciLow: ci.low, ciHigh: ci.high, ciKind: "bootstrap-percentile", successes: successes.count,
                            successRate: Double(successes.count) / Double(values.count), successCILow: wilson.low,
                            successCIHigh: wilson.high, expectedRuntime: successes.isEmpty ? nil : spent / Double(successes.count),
                            target: target, meanCurveTime: curve?.crossing(target: target, direction: metric.direction),
                            sd: Statistics.standardDeviation(successes))
        row.quality = quality.rawValue
        row.qualityMetric = series
        return (row, values)
    }

    /// Convergence time (and correctness) of a protocol; timeouts count as +infinity.
    private func protocolRows(_ recs: [TrialRecord], cell: Cell, seed: UInt64) -> ([ReportRow], [Double]) {
        let values = recs.map { $0.status == .ok ? ($0.outcomes[OutcomeName.time] ?? .infinity) : .infinity }
        let converged = values.filter(\.isFinite)
        let allConverged = converged.count == values.count
        let ci = allConverged ? ((try? Statistics.meanInterval(values)) ?? Interval(low: .nan, high: .nan, level: 0.95))
                              : Statistics.bootstrapInterval(values, level: 0.95, resamples: resamples,
                                                             seed: SeedDerivation.subSeed(spec.masterSeed, "bootstrap-protocol-time", index: Int(seed)), statistic: Statistics.median)
        let wilson = Statistics.wilsonInterval(successes: converged.count, trials: values.count)
        let spent = recs.reduce(0.0) { $0 + ($1.outcomes[OutcomeName.time] ?? cell.budget) }
        var rows = [ReportRow(plugin: cell.plugin, task: cell.task, n: cell.n, metric: OutcomeName.time, clock: Clock.parallel.rawValue,
                              trials: recs.count, mean: Statistics.mean(converged), median: Statistics.median(values),
                              ciLow: ci.low, ciHigh: ci.high, ciKind: allConverged ? "student-t" : "bootstrap-percentile",
                              successes: converged.count, successRate: Double(converged.count) / Double(values.count),
                              successCILow: wilson.low, successCIHigh: wilson.high,
                              expectedRuntime: converged.isEmpty ? nil : spent / Double(converged.count),
                              target: nil, meanCurveTime: nil, sd: Statistics.standardDeviation(converged))]
        let correct = recs.compactMap { $0.outcomes[OutcomeName.correct] }
        if !correct.isEmpty {
            let k = correct.filter { $0 > 0.5 }.count
            let w = Statistics.wilsonInterval(successes: k, trials: correct.count)
            let rate = Double(k) / Double(correct.count)
            rows.append(ReportRow(plugin: cell.plugin, task: cell.task, n: cell.n, metric: OutcomeName.correct, clock: "none",
                                  trials: correct.count, mean: rate, median: rate, ciLow: w.low, ciHigh: w.high,
                                  ciKind: "wilson", successes: k, successRate: rate, successCILow: w.low,
                                  successCIHigh: w.high, expectedRuntime: nil, target: nil, meanCurveTime: nil, sd: 0))
        }
        return (rows, values)
    }

    private func references(_ recs: [TrialRecord], cell: Cell, values: [Double]) throws -> [ReferenceRow] {
        let plugin = try registry.plugin(named: cell.plugin)
        let setup = cell.setup(trial: 0, masterSeed: spec.masterSeed, experiment: spec.experiment)
        guard let exact = plugin.exactExpectations(setup)[OutcomeName.time] else { return [] }
        let finite = values.filter(\.isFinite)
        let ci = (try? Statistics.meanInterval(finite, level: 0.99)) ?? Interval(low: .nan, high: .nan, level: 0.99)
        return [ReferenceRow(plugin: cell.plugin, n: cell.n, metric: OutcomeName.time, exact: exact,
                             measuredMean: Statistics.mean(finite), ci99Low: ci.low, ci99High: ci.high,
                             withinCI99: finite.count == values.count && ci.low <= exact && exact <= ci.high)]
    }
}
