import Foundation
import PopBenchCore
import PopBenchPlot

/// F1, F2 and F7: PopSGD against sequential SGD on mean estimation. They test the paper's
/// theory, so they run the rule it analyzes (`--averaging symmetric`, both partners step and
/// average), not the deployed one-sided default.
enum OptimizationFigures {
    /// The analyzed averaging rule, which the closed forms of these figures' captions assume.
    static let analyzedRule = ["averaging": "symmetric"]

    /// F1 and F7 share this experiment (run once).
    static func meanRequest(_ ctx: FigureContext) -> FigureContext.Request {
        .init(plugins: ["sgd", "popsgd"], task: "mean", sizes: [8, 64, 512], trials: ctx.quick ? 5 : 20,
              overrides: analyzedRule, budget: ctx.quick ? 2000 : nil)
    }

    static let f1 = PaperFigure(id: "F1", summary: "PopSGD at n = 8, 64, 512 against sequential SGD on mean estimation: mean node error against gradient evaluations per node") { ctx in
        let exp = meanRequest(ctx)
        let a = try ctx.run(exp, id: "F1")
        let metric = Quality.nodesMean.seriesName(of: "error")
        let curves = a.curves.filter { $0.metric == metric && $0.clock == .nodeSteps }
        var series: [Figure.Series] = []
        if let sgd = curves.first(where: { $0.plugin == "sgd" }) { series.append(.curve(sgd, label: "sgd")) }
        for c in curves where c.plugin == "popsgd" { series.append(.curve(c, label: "popsgd n = \(c.n)")) }
        let target = a.report.rows.first { $0.target != nil }?.target ?? .nan
        let xs = curves.flatMap(\.x).filter { $0 > 0 }
        if let lo = xs.min(), let hi = xs.max() { series.append(.horizontal(label: "target", y: target, xMin: lo, xMax: hi)) }
        let figure = Figure(name: "F1", title: "F1: PopSGD vs SGD on mean estimation (d = 10)\n\(exp.trials) trials per curve, mean and 95% CI",
                            xLabel: Clock.nodeSteps.label, yLabel: "mean over nodes of ||x_i - x*||^2", logX: true, logY: true,
                            series: series, key: .below)
        // The mean task's defaults: sigma = 1, d = 10, so the target sigma^2 d / K names K.
        var lines = ["Experiment: \(exp.statement); target \(ReportFormatter.short(target)) = sigma^2 d / K, the error of SGD after K = \(ReportFormatter.short(10 / target)) steps (the default rule K = clamp(3.125 max(2 n kappa, n^2), 1e3, 1e5) at the largest n).",
                     "Error is the mean over nodes of each node's own squared error (what a node that stops can deploy); time is gradient evaluations per node (node-steps). In parallel time (interactions / n) a PopSGD node computes 2 gradients per unit, so speedups in parallel time are about twice those per node-step; both are listed."]
        for c in a.report.comparisons where c.plugin == "popsgd" && (c.clock == Clock.nodeSteps.rawValue || c.clock == Clock.parallel.rawValue) {
            lines.append("n = \(c.n), \(c.clock): speedup median(SGD) / median(PopSGD) = \(Caption.value(c.ratio, c.ciLow, c.ciHigh)) (95% bootstrap CI; Mann-Whitney p = \(String(format: "%.2g", c.pValue)), Holm \(String(format: "%.2g", c.pHolm))); speedup / n = \(ReportFormatter.short(c.ratio / Double(c.n))).")
        }
        lines.append(Caption.setting(ctx.quick))
        return .init(figures: [figure], caption: lines.joined(separator: "\n"))
    }

    static let f7 = PaperFigure(id: "F7", summary: "Node disagreement Gamma against parallel time for PopSGD at several n") { ctx in
        let exp = meanRequest(ctx)
        let a = try ctx.run(exp, id: "F7")
        let curves = a.curves.filter { $0.plugin == "popsgd" && $0.metric == "gamma" && $0.clock == .parallel }
        let figure = Figure(name: "F7", title: "F7: PopSGD node disagreement on mean estimation\n\(exp.trials) trials per curve, mean and 95% CI",
                            xLabel: Clock.parallel.label, yLabel: "Gamma = (1/n) sum_i ||x_i - x_bar||^2", logX: true, logY: true,
                            series: curves.map { .curve($0, label: "popsgd n = \($0.n)") }, key: .below)
        var lines = ["Experiment: \(exp.statement).",
                     "Gamma = mean squared distance of the node models to their average; its end value relative to its peak shows how well pairwise averaging keeps the models together."]
        for c in curves {
            if let last = c.mean.indices.last {
                let peak = c.mean.max() ?? .nan
                lines.append("n = \(c.n): Gamma at parallel time \(ReportFormatter.short(c.x[last])) = \(Caption.value(c.mean[last], c.low[last], c.high[last])), peak \(ReportFormatter.short(peak)) (end / peak = \(ReportFormatter.short(c.mean[last] / peak))).")
            }
        }
        lines.append(Caption.setting(ctx.quick))
        return .init(figures: [figure], caption: lines.joined(separator: "\n"))
    }

    static let f2 = PaperFigure(id: "F2", summary: "Time to target against n (2...512) with the fitted linear-speedup law, SGD as the reference line") { ctx in
        let exp = FigureContext.Request(plugins: ["popsgd"], task: "mean", sizes: ctx.quick ? [2, 4, 8, 16, 32, 64, 128] : [2, 4, 8, 16, 32, 64, 128, 256, 512],
                                           trials: ctx.quick ? 6 : 20, overrides: analyzedRule, budget: ctx.quick ? 5000 : nil,
                                           reference: "sgd")
        let a = try ctx.run(exp, id: "F2")
        let figures = RunPlots.scalingFigures(a, name: "F2",
                                      title: "F2: PopSGD time to target vs n, mean estimation\n\(exp.trials) trials per point, mean and 95% t-CI of the trials that reached the target (the fitted statistic)")
        var lines = ["Experiment: \(exp.statement); sequential SGD at each n as the reference (dashed line)."]
        if let fit = a.report.fits.first(where: { $0.plugin == "popsgd" }) {
            lines.append("Fit of the predicted law \(fit.shape) to the per-trial times to target on \(fit.clock) (ordinary least squares; shapes ranked by AICc): a = \(Caption.value(fit.a, fit.aCILow, fit.aCIHigh)), b = \(Caption.value(fit.b, fit.bCILow, fit.bCIHigh)), R^2 = \(ReportFormatter.short(fit.r2)); best-ranked shape: \(fit.bestShape).")
            if let s = fit.logLogSlope {
                lines.append("Log-log slope of time against n: \(Caption.value(s, fit.logLogSlopeCILow ?? .nan, fit.logLogSlopeCIHigh ?? .nan)) (-1 is linear speedup).")
            }
        }
        if let sgd = a.report.rows.first(where: { $0.plugin == "sgd" && $0.metric == "time_to_target" && $0.clock == a.clock.rawValue }) {
            lines.append("SGD's median time to the same target: \(Caption.value(sgd.median, sgd.ciLow, sgd.ciHigh)).")
        }
        lines.append(Caption.setting(ctx.quick))
        return .init(figures: figures, caption: lines.joined(separator: "\n"))
    }
}
