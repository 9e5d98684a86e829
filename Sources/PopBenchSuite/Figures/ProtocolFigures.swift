import Foundation
import PopBenchCore
import PopBenchPlot

/// F5 and F6: population protocols against their predicted bounds and closed forms.
enum ProtocolFigures {
    /// The majority protocols of F5: the three named ones and the catalog's fast (polylog) one.
    static func majorityPlugins(_ registry: Registry) -> [String] {
        let named = ["am3", "em4", "avc"]
        let fast = registry.plugins.map(\.descriptor)
            .filter { $0.family == .protocol && $0.tasks.contains("majority") && !named.contains($0.name) }
            .map(\.name).sorted()
        // A missing fast protocol is reported by FigureContext as a missing plugin.
        return named + (fast.isEmpty ? ["<an O(log n)-state polylog majority>"] : [fast[0]])
    }

    static let f5 = PaperFigure(id: "F5", summary: "Majority protocols: convergence time against n with each fitted predicted bound") { ctx in
        let sizes = ctx.quick ? [1_000, 10_000, 100_000] : [1_000, 10_000, 100_000, 1_000_000, 10_000_000]
        let exp = FigureContext.Request(plugins: majorityPlugins(ctx.registry), task: "majority", sizes: sizes,
                                           trials: ctx.quick ? 10 : 20, overrides: ["gap": "0.01"])
        let a = try ctx.run(exp, id: "F5")
        let figures = RunPlots.scalingFigures(a, name: "F5",
                                      title: "F5: majority protocols, gap 0.01: convergence time vs n\n\(exp.trials) trials per point, mean and 95% CI, fitted predicted laws")
        var lines = ["Experiment: \(exp.statement).", "Fitted predicted laws (parallel time against n), weighted by 1/SE^2:"]
        for fit in a.report.fits {
            lines.append("\(fit.plugin): \(fit.shape)\(fit.predicted ? " (predicted)" : ""): a = \(Caption.value(fit.a, fit.aCILow, fit.aCIHigh)), R^2 = \(ReportFormatter.short(fit.r2)); best-ranked shape \(fit.bestShape).")
        }
        for row in a.report.rows where row.metric == OutcomeName.correct && row.mean < 1 {
            lines.append("\(row.plugin) at n = \(row.n): correct in \(row.successes)/\(row.trials) trials, Wilson 95% CI \(Caption.value(row.mean, row.ciLow, row.ciHigh)).")
        }
        lines.append(Caption.setting(ctx.quick))
        return .init(figures: figures, caption: lines.joined(separator: "\n"))
    }

    static let f6 = PaperFigure(id: "F6", summary: "Epidemics and leader election: measured times against the exact expectations") { ctx in
        let trials = ctx.quick ? 50 : 200
        let runs: [(label: String, exp: FigureContext.Request)] = [
            ("epidemic one-way", .init(plugins: ["epidemic"], task: "broadcast", sizes: [100, 1_000, 10_000], trials: trials, overrides: ["variant": "one-way"])),
            ("epidemic two-way", .init(plugins: ["epidemic"], task: "broadcast", sizes: [100, 1_000, 10_000], trials: trials, overrides: ["variant": "two-way"])),
            ("le-trivial", .init(plugins: ["le-trivial"], task: "leader", sizes: ctx.quick ? [10, 100, 1_000] : [10, 100, 1_000, 10_000], trials: trials)),
        ]
        var series: [Figure.Series] = []
        var lines = ["Experiment: \(trials) trials per point; 99% Student-t intervals of the mean against the closed forms: one-way epidemic 2(n-1)H(n-1)/n, two-way (n-1)H(n-1)/n, trivial leader election (n-1)^2/n (parallel time)."]
        for (i, run) in runs.enumerated() {
            let a = try ctx.run(run.exp, id: "F6")
            let refs = a.report.reference.sorted { $0.n < $1.n }
            let color = PlotColor.palette(i)
            series.append(Figure.Series.points(label: run.label, x: refs.map { Double($0.n) },
                                               y: refs.map(\.measuredMean), low: refs.map(\.ci99Low), high: refs.map(\.ci99High)).colored(color))
            // One legend entry for all exact curves (the last), drawn dashed in each protocol's color.
            series.append(Figure.Series.line(label: i == runs.count - 1 ? "exact expectations (dashed)" : "",
                                             x: refs.map { Double($0.n) }, y: refs.map(\.exact), dashed: true).colored(color))
            let inside = refs.filter(\.withinCI99).count
            lines.append("\(run.label): exact value inside the 99% CI at \(inside) of \(refs.count) sizes; " +
                         refs.map { "n = \($0.n): \(ReportFormatter.short($0.measuredMean)) vs \(ReportFormatter.short($0.exact))" }.joined(separator: ", ") + ".")
        }
        lines.append(Caption.setting(ctx.quick))
        let figure = Figure(name: "F6", title: "F6: measured convergence times vs exact expectations\n\(trials) trials per point, mean and 99% CI",
                            xLabel: "population size n (agents)", yLabel: Clock.parallel.label, logX: true, logY: true,
                            series: series, key: .below)
        return .init(figures: [figure], caption: lines.joined(separator: "\n"))
    }
}
