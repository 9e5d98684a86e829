import Foundation

/// Turns a run's trial records into the report: per-cell rows, comparisons against the first
/// plugin, fits of time against n, and closed-form references. Pure: the same records give the
/// same report (bootstrap seeds derive from the master seed).
public struct Analyzer: Sendable {
    public let registry: Registry
    public let spec: ExperimentSpec
    /// Bootstrap resamples for medians and ratios.
    public var resamples = 2000
    /// The clock of the headline time to target (`--clock`): comparisons, fits and the scaling
    /// plot use it; rows are reported on every clock.
    public var clock: Clock = .parallel

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
        public var clock: Clock = .parallel
    }

    public func analyze(_ records: [TrialRecord], runID: String, resultsDir: String, plotsDir: String?) throws -> Analysis {
        let task = try registry.task(named: spec.cells.first?.task ?? "")
        var report = Report(command: spec.command, runID: runID, resultsDir: resultsDir, plotsDir: plotsDir)
        var curves: [MeanCurve] = []
        let byCell = Dictionary(grouping: records, by: \.cell)
        // Per-cell samples of the headline time, reused by comparisons and fits.
        var headline: [Int: (metric: String, clock: Clock, values: [Double])] = [:]

        for (c, cell) in spec.cells.enumerated() {
            let recs = (byCell[c] ?? []).sorted { $0.trial < $1.trial }
            guard !recs.isEmpty else { continue }
            if let primary = task.primary {
                for metric in task.metrics {
                    for clock in Clock.allCases {
                        if let curve = MeanCurve.build(recs, metric: metric.name, clock: clock) { curves.append(curve) }
                    }
                }
                report.rows.append(finalRow(recs, cell: cell, metric: primary))
                if let target = cell.target {
                    for clock in Clock.allCases where recs.first?.series?.clocks[clock.rawValue] != nil {
                        let (row, values) = timeToTargetRow(recs, cell: cell, metric: primary, clock: clock, target: target,
                                                            curve: curves.last { $0.plugin == cell.plugin && $0.n == cell.n && $0.metric == primary.name && $0.clock == clock },
                                                            seed: UInt64(c))
                        report.rows.append(row)
                        if clock == self.clock { headline[c] = ("time_to_target", clock, values) }
                    }
                }
            } else {
                let (rows, values) = protocolRows(recs, cell: cell, seed: UInt64(c))
                report.rows += rows
                headline[c] = (OutcomeName.time, .parallel, values)
                report.reference += try references(recs, cell: cell, values: values)
            }
        }
        report.comparisons = comparisons(headline)
        report.fits = try fits(headline)
        return Analysis(report: report, curves: curves, task: task, spec: spec, clock: clock)
    }

    // MARK: rows

    private func finalRow(_ recs: [TrialRecord], cell: Cell, metric: MetricSpec) -> ReportRow {
        let values = recs.map { $0.status == .diverged ? Double.nan : ($0.outcomes[OutcomeName.finalValue] ?? .nan) }
        let finite = values.filter(\.isFinite)
        let ci = (try? Statistics.meanInterval(finite)) ?? Interval(low: .nan, high: .nan, level: 0.95)
        let wilson = Statistics.wilsonInterval(successes: finite.count, trials: values.count)
        return ReportRow(plugin: cell.plugin, task: cell.task, n: cell.n, metric: "final_\(metric.name)", clock: "none",
                         trials: recs.count, mean: Statistics.mean(finite), median: Statistics.median(finite),
                         ciLow: ci.low, ciHigh: ci.high, ciKind: "student-t", successes: finite.count,
                         successRate: Double(finite.count) / Double(values.count), successCILow: wilson.low,
                         successCIHigh: wilson.high, expectedRuntime: nil, target: nil, meanCurveTime: nil,
                         sd: Statistics.standardDeviation(finite))
    }

    /// Time to target on one clock; failures count as +infinity in the median and its bootstrap.
    private func timeToTargetRow(_ recs: [TrialRecord], cell: Cell, metric: MetricSpec, clock: Clock, target: Double,
                                 curve: MeanCurve?, seed: UInt64) -> (ReportRow, [Double]) {
        var values: [Double] = [], spent = 0.0
        for r in recs {
            let t = r.series.flatMap { TimeToTarget.time($0, metric: metric.name, clock: clock, target: target, direction: metric.direction) }
            values.append(t ?? .infinity)
            spent += t ?? (r.series?.clocks[clock.rawValue]?.last ?? 0)
        }
        let successes = values.filter(\.isFinite)
        let ci = Statistics.bootstrapInterval(values, level: 0.95, resamples: resamples,
                                              seed: spec.masterSeed ^ (seed &* 0x9E37_79B9), statistic: Statistics.median)
        let wilson = Statistics.wilsonInterval(successes: successes.count, trials: values.count)
        let row = ReportRow(plugin: cell.plugin, task: cell.task, n: cell.n, metric: "time_to_target", clock: clock.rawValue,
                            trials: recs.count, mean: Statistics.mean(successes), median: Statistics.median(values),
                            ciLow: ci.low, ciHigh: ci.high, ciKind: "bootstrap-percentile", successes: successes.count,
                            successRate: Double(successes.count) / Double(values.count), successCILow: wilson.low,
                            successCIHigh: wilson.high, expectedRuntime: successes.isEmpty ? nil : spent / Double(successes.count),
                            target: target, meanCurveTime: curve?.crossing(target: target, direction: metric.direction),
                            sd: Statistics.standardDeviation(successes))
        return (row, values)
    }

    /// Convergence time (and correctness) of a protocol; timeouts count as +infinity.
    private func protocolRows(_ recs: [TrialRecord], cell: Cell, seed: UInt64) -> ([ReportRow], [Double]) {
        let values = recs.map { $0.status == .ok ? ($0.outcomes[OutcomeName.time] ?? .infinity) : .infinity }
        let converged = values.filter(\.isFinite)
        let allConverged = converged.count == values.count
        let ci = allConverged ? ((try? Statistics.meanInterval(values)) ?? Interval(low: .nan, high: .nan, level: 0.95))
                              : Statistics.bootstrapInterval(values, level: 0.95, resamples: resamples,
                                                             seed: spec.masterSeed ^ seed, statistic: Statistics.median)
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

    // MARK: comparisons and fits

    private func comparisons(_ headline: [Int: (metric: String, clock: Clock, values: [Double])]) -> [ComparisonRow] {
        guard let baseName = spec.cells.first?.plugin else { return [] }
        var out: [ComparisonRow] = []
        for (c, cell) in spec.cells.enumerated() where cell.plugin != baseName {
            guard let mine = headline[c],
                  let b = spec.cells.indices.first(where: { spec.cells[$0].plugin == baseName && spec.cells[$0].n == cell.n }),
                  let base = headline[b] else { continue }
            let ratio = Statistics.median(base.values) / Statistics.median(mine.values)
            let ci = Statistics.bootstrapRatioInterval(numerator: base.values, denominator: mine.values, level: 0.95,
                                                       resamples: resamples, seed: spec.masterSeed ^ UInt64(c &* 7919),
                                                       statistic: Statistics.median)
            let test = Statistics.mannWhitneyU(mine.values, base.values)
            out.append(ComparisonRow(plugin: cell.plugin, baseline: baseName, n: cell.n, metric: mine.metric,
                                     clock: mine.clock.rawValue, ratio: ratio, ciLow: ci.low, ciHigh: ci.high,
                                     ratioDefinition: "median(baseline) / median(plugin)", test: "mann-whitney",
                                     pValue: test.pValue, effectSize: test.effectSize))
        }
        return out
    }

    /// For each plugin run at three or more sizes: its predicted shape fitted to the measured
    /// times (weights 1/SE^2), every standard shape ranked, and the log-log slope.
    private func fits(_ headline: [Int: (metric: String, clock: Clock, values: [Double])]) throws -> [FitRow] {
        var out: [FitRow] = []
        var order: [String] = []
        for cell in spec.cells where !order.contains(cell.plugin) { order.append(cell.plugin) }
        for name in order {
            let cells = spec.cells.indices.filter { spec.cells[$0].plugin == name && headline[$0] != nil }
            var xs: [Double] = [], ys: [Double] = [], ws: [Double] = []
            for c in cells {
                let v = headline[c]!.values
                guard v.allSatisfy(\.isFinite), v.count >= 2 else { continue }
                let se = Statistics.standardDeviation(v) / Double(v.count).squareRoot()
                xs.append(Double(spec.cells[c].n)); ys.append(Statistics.mean(v)); ws.append(se > 0 ? 1 / (se * se) : 1)
            }
            guard Set(xs).count >= 3, let first = cells.first.flatMap({ headline[$0] }) else { continue }
            let plugin = try registry.plugin(named: name)
            var shapes = FitShape.standard
            if let p = plugin.descriptor.predictedBound, !shapes.contains(p) { shapes.append(p) }
            let ranking = Statistics.rankShapes(x: xs, y: ys, weights: ws, shapes: shapes)
            guard let best = ranking.first else { continue }
            let chosen = plugin.descriptor.predictedBound.flatMap { p in ranking.first { $0.shape == p } } ?? best
            let slope = try? Statistics.logLogSlope(x: xs, y: ys, weights: nil)
            out.append(FitRow(plugin: name, metric: first.metric, clock: first.clock.rawValue, x: "n",
                              shape: chosen.shape.formula, predicted: chosen.shape == plugin.descriptor.predictedBound,
                              a: chosen.a, aCILow: chosen.aInterval.low, aCIHigh: chosen.aInterval.high,
                              b: chosen.b, bCILow: chosen.bInterval.low, bCIHigh: chosen.bInterval.high, r2: chosen.r2,
                              bestShape: best.shape.formula,
                              ranking: ranking.map { ShapeRank(shape: $0.shape.formula, r2: $0.r2, rmsRelativeError: $0.rmsRelativeError) },
                              logLogSlope: slope?.slope, logLogSlopeCILow: slope?.slopeInterval.low,
                              logLogSlopeCIHigh: slope?.slopeInterval.high))
        }
        return out
    }
}
