import Foundation
import PopBenchCore

/// The standard figures of a run, built from its analysis: metric against time per n (mean curve
/// with 95% CI band per algorithm, target line), and time against n (measured points with CIs,
/// fitted laws, closed-form references) when several sizes were run.
public enum RunPlots {
    /// Fails, before any work starts, when `plots/<run-id>` exists and `force` is off.
    public static func checkCreatable(root: URL, runID: String, force: Bool) throws {
        let dir = root.appendingPathComponent(runID)
        if FileManager.default.fileExists(atPath: dir.path) && !force {
            throw UsageError("--run-id: \(dir.path) already exists; pass --force to overwrite it")
        }
    }

    /// Writes every figure of `analysis` into `directory` (scripts and data always, images when
    /// gnuplot is installed) and returns the paths of the images, or of the scripts without gnuplot.
    public static func write(_ analysis: Analyzer.Analysis, to directory: URL, png: Bool) throws -> [String] {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let writer = PlotWriter(render: Gnuplot.isAvailable ? (png ? .png : .svg) : nil)
        var paths: [String] = []
        for figure in figures(analysis) {
            let files = try writer.write(figure, to: directory)
            paths.append((files.image ?? files.script).path)
        }
        return paths
    }

    /// The figure descriptions, without writing anything.
    public static func figures(_ analysis: Analyzer.Analysis) -> [Figure] {
        curveFigures(analysis) + scalingFigures(analysis)
    }

    /// Metric against each clock, one figure per (metric, clock, n), one band per algorithm.
    public static func curveFigures(_ analysis: Analyzer.Analysis) -> [Figure] {
        let task = analysis.task
        var out: [Figure] = []
        let sizes = Array(Set(analysis.curves.map(\.n))).sorted()
        // Every declared metric of the average model, plus the primary metric at the quality
        // time to target was measured on (e.g. `error@nodes-mean`).
        var plotted = task.metrics
        if let primary = task.primary, let quality = analysis.report.rows.first(where: { $0.metric == "time_to_target" })?.qualityMetric,
           quality != primary.name {
            plotted.insert(MetricSpec(quality, unit: primary.unit, direction: primary.direction,
                                      help: "mean over nodes of each node's own \(primary.name)"), at: 1)
        }
        for metric in plotted {
            for clock in Clock.allCases {
                for n in sizes {
                    let curves = analysis.curves.filter { $0.metric == metric.name && $0.clock == clock && $0.n == n }
                    guard !curves.isEmpty else { continue }
                    var series = curves.map { c in
                        Figure.Series.band(label: c.plugin, x: c.x, mean: c.mean, low: c.low, high: c.high)
                    }
                    let target = analysis.report.rows.first { $0.n == n && $0.target != nil }?.target
                    let xs = curves.flatMap(\.x).filter { $0 > 0 }
                    if metric.name.split(separator: "@").first.map(String.init) == task.primaryMetric, let target,
                       let lo = xs.min(), let hi = xs.max() {
                        series.append(.horizontal(label: "target \(ReportFormatter.short(target))", y: target, xMin: lo, xMax: hi))
                    }
                    let trials = curves.map(\.trials).max() ?? 0
                    var figure = Figure(
                        name: "\(metric.name.replacingOccurrences(of: "@", with: "."))-vs-\(clock.rawValue)-n\(n)",
                        title: "\(task.name): \(metric.name) vs \(clock.rawValue) time, n = \(n), \(trials) trials (mean, 95% CI)",
                        xLabel: clock.label,
                        yLabel: Figure.axisLabel(axisQuantity(metric), unit: metric.unit.isEmpty ? nil : metric.unit),
                        logX: true, logY: metric.direction == .lowerIsBetter,
                        series: series, key: .below)
                    figure.valueRange = valueRange(metric)
                    out.append(figure)
                }
            }
        }
        return out
    }

    /// What a metric can take: an accuracy [0, 1], an error or loss (lower is better) [0, inf).
    static func valueRange(_ metric: MetricSpec) -> AxisRange? {
        if metric.name.contains("accuracy") { return AxisRange(min: 0, max: 1) }
        return metric.direction == .lowerIsBetter ? AxisRange(min: 0) : nil
    }

    /// The metric's help as the axis quantity when it is short enough for an axis, else its name.
    static func axisQuantity(_ metric: MetricSpec) -> String {
        metric.help.isEmpty || metric.help.count > 40 ? metric.name : metric.help
    }

    /// Headline time against n with fits and references, when two or more sizes were run.
    public static func scalingFigures(_ analysis: Analyzer.Analysis) -> [Figure] {
        let report = analysis.report
        let headline = report.rows.filter { ($0.metric == "time_to_target" && $0.clock == analysis.clock.rawValue) || $0.metric == OutcomeName.time }
        guard Set(headline.map(\.n)).count >= 2 else { return [] }
        var plugins: [String] = []
        for r in headline where !plugins.contains(r.plugin) { plugins.append(r.plugin) }
        var series: [Figure.Series] = []
        let xs = headline.map { Double($0.n) }
        let (lo, hi) = (xs.min()!, xs.max()!)
        for (i, plugin) in plugins.enumerated() {
            let rows = headline.filter { $0.plugin == plugin }.sorted { $0.n < $1.n }
            let useMedian = rows.first?.ciKind == "bootstrap-percentile"
            if plugin == analysis.spec.referencePlugin {
                // A sequential reference does not depend on n: one line at its median over all n.
                let level = Statistics.median(rows.map { useMedian ? $0.median : $0.mean })
                series.append(.horizontal(label: "\(plugin) (sequential reference)", y: level, xMin: lo, xMax: hi))
                continue
            }
            let color = PlotColor.palette(i)
            // One legend entry per plugin: its points, naming the fitted law drawn in its color.
            let fit = report.fits.first { $0.plugin == plugin }
            let shape = fit.flatMap { f in FitShape.allCases.first { $0.formula == f.shape } }
            if let fit, !fit.points.isEmpty {
                // The fitted statistic: the mean of the trials that entered the fit, with its t-CI.
                let points = fit.points.filter { $0.mean.isFinite }
                series.append(Figure.Series.points(label: plugin + " (mean, fit \(fit.shape))", x: points.map(\.x),
                                                   y: points.map(\.mean), low: points.map(\.ciLow),
                                                   high: points.map(\.ciHigh)).colored(color))
            } else {
                let label = plugin + (useMedian ? " (median" : " (mean") + (fit.map { ", fit \($0.shape))" } ?? ")")
                series.append(Figure.Series.points(label: label, x: rows.map { Double($0.n) },
                                                   y: rows.map { useMedian ? $0.median : $0.mean },
                                                   low: rows.map(\.ciLow), high: rows.map(\.ciHigh)).colored(color))
            }
            if let fit, let shape {
                series.append(Figure.Series.fit(label: "", shape: shape, a: fit.a, b: fit.b, xMin: lo, xMax: hi).colored(color))
            }
            let refs = report.reference.filter { $0.plugin == plugin }.sorted { $0.n < $1.n }
            if !refs.isEmpty {
                series.append(.reference(label: "\(plugin) exact", x: refs.map { Double($0.n) }, y: refs.map(\.exact)))
            }
        }
        let ys = headline.map { $0.ciKind == "bootstrap-percentile" ? $0.median : $0.mean }.filter { $0 > 0 && $0.isFinite }
        let spansDecades = (ys.max() ?? 1) / max(ys.min() ?? 1, .leastNonzeroMagnitude) >= 10
        let metric = headline.first?.metric ?? "time"
        let trials = headline.map(\.trials).max() ?? 0
        return [Figure(name: "\(metric)-vs-n",
                       title: "\(analysis.task.name): \(metric.replacingOccurrences(of: "_", with: " ")) vs n, \(trials) trials per point (95% CI)",
                       xLabel: "population size n (agents / nodes)",
                       yLabel: (headline.first?.metric == OutcomeName.time ? Clock.parallel : analysis.clock).label,
                       logX: true, logY: spansDecades, series: series, key: .below)]
    }
}
