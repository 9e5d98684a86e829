import Foundation
import PopBenchCore
import PopBenchPlot

/// The sweeps of F8 over the majority gap eps (a parameter other than n):
/// - 4EM's time against eps at a fixed n, fitted to `a log(n)/eps + b` (Draief-Vojnovic's
///   O(log n / eps)): a straight-line fit of time on 1/eps, whose slope divided by ln n is a;
/// - 4EM at eps = 1/n (a margin of one agent) across n, fitted to `a n log n + b`;
/// - the 3-state protocol's error rate against eps with its Wilson band (it is approximate:
///   correct w.h.p. only when the margin is omega(sqrt(n) log n), and the seed's lower-bound
///   row says why no 3-state protocol can be exact and fast).
enum GapSweeps {
    struct Output { var figures: [Figure]; var caption: [String] }

    static func run(_ ctx: FigureContext) throws -> Output {
        var figures: [Figure] = [], caption: [String] = []

        // 4EM time against eps at fixed n.
        let n = ctx.quick ? 1_000 : 10_000
        let gaps = ctx.quick ? [0.01, 0.02, 0.05, 0.1, 0.2, 0.5] : [0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5]
        let trials = ctx.quick ? 10 : 20
        var x: [Double] = [], y: [Double] = [], lo: [Double] = [], hi: [Double] = [], w: [Double] = []
        for g in gaps {
            let a = try ctx.run(.init(plugins: ["em4"], task: "majority", sizes: [n], trials: trials, overrides: ["gap": String(g)]), id: "F8")
            guard let row = a.report.rows.first(where: { $0.metric == OutcomeName.time }) else { continue }
            x.append(1 / g); y.append(row.mean); lo.append(row.ciLow); hi.append(row.ciHigh)
            w.append(weight(row))
        }
        var series: [Figure.Series] = [.points(label: "em4, n = \(n)", x: x, y: y, low: lo, high: hi).colored(PlotColor.palette(0))]
        if let fit = try? Statistics.fitShape(.linear, x: x, y: y, weights: w) {
            let ln = Foundation.log(Double(n))
            let ranking = Statistics.rankShapes(x: x, y: y, weights: w).map(\.shape.formula)
            caption.append("em4 against eps at n = \(n) (\(trials) trials per gap, gaps \(gaps.map { ReportFormatter.short($0) }.joined(separator: ", "))): time = a ln(n)/eps + b with a = \(Caption.value(fit.a / ln, fit.aInterval.low / ln, fit.aInterval.high / ln)), b = \(ReportFormatter.short(fit.b)), R^2 = \(ReportFormatter.short(fit.r2)); shapes in 1/eps ranked: \(ranking.joined(separator: ", ")).")
            series.append(.fit(label: "fit a ln(n)/eps + b", shape: .linear, a: fit.a, b: fit.b, xMin: x.min()!, xMax: x.max()!))
        }
        figures.append(Figure(name: "F8-gap", title: "F8: 4EM convergence time against 1/eps at n = \(n)\n\(trials) trials per gap, mean and 95% CI",
                              xLabel: "1 / gap (1/eps)", yLabel: Clock.parallel.label, logX: true, logY: true, series: series))

        // 4EM at eps = 1/n across n.
        let ns = ctx.quick ? [51, 101, 201, 401] : [101, 301, 1_001, 3_001]   // odd: a margin of exactly one agent
        let t2 = ctx.quick ? 20 : 50
        x = []; y = []; lo = []; hi = []; w = []
        for m in ns {
            let a = try ctx.run(.init(plugins: ["em4"], task: "majority", sizes: [m], trials: t2, overrides: ["gap": String(0.999 / Double(m))]), id: "F8")
            guard let row = a.report.rows.first(where: { $0.metric == OutcomeName.time }) else { continue }
            x.append(Double(m)); y.append(row.mean); lo.append(row.ciLow); hi.append(row.ciHigh); w.append(weight(row))
        }
        series = [.points(label: "em4, margin of one agent", x: x, y: y, low: lo, high: hi).colored(PlotColor.palette(1))]
        if let fit = try? Statistics.fitShape(.xlogx, x: x, y: y, weights: w) {
            let ranking = Statistics.rankShapes(x: x, y: y, weights: w).map(\.shape.formula)
            caption.append("em4 at eps = 1/n (n = \(ns.map(String.init).joined(separator: ", ")), \(t2) trials each): time = a n ln n + b with a = \(Caption.value(fit.a, fit.aInterval.low, fit.aInterval.high)), b = \(ReportFormatter.short(fit.b)); shapes ranked: \(ranking.joined(separator: ", ")).")
            series.append(.fit(label: "fit a n log n + b", shape: .xlogx, a: fit.a, b: fit.b, xMin: x.min()!, xMax: x.max()!))
        }
        figures.append(Figure(name: "F8-margin1", title: "F8: 4EM from a margin of one agent (eps = 1/n)\n\(t2) trials per n, mean and 95% CI",
                              xLabel: "population size n (agents)", yLabel: Clock.parallel.label, logX: true, logY: true, series: series))

        // am3 error rate against eps.
        let n3 = ctx.quick ? 1_000 : 10_000
        let t3 = ctx.quick ? 100 : 1_000
        let gaps3 = [0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1].filter { $0 * Double(n3) >= 0.999 }
        var ex: [Double] = [], err: [Double] = [], elo: [Double] = [], ehi: [Double] = []
        for g in gaps3 {
            let a = try ctx.run(.init(plugins: ["am3"], task: "majority", sizes: [n3], trials: t3, overrides: ["gap": String(g)]), id: "F8")
            guard let row = a.report.rows.first(where: { $0.metric == OutcomeName.correct }) else { continue }
            ex.append(g); err.append(1 - row.mean); elo.append(1 - row.ciHigh); ehi.append(1 - row.ciLow)
        }
        caption.append("am3 error rate at n = \(n3) (\(t3) trials per gap, 95% Wilson intervals): " +
                       zip(ex, zip(err, zip(elo, ehi))).map { "eps = \(ReportFormatter.short($0.0)): \(Caption.value($0.1.0, $0.1.1.0, $0.1.1.1))" }.joined(separator: "; ") + ".")
        figures.append(Figure(name: "F8-am3", title: "F8: 3-state approximate majority, error rate against the gap at n = \(n3)\n\(t3) trials per gap, 95% Wilson band",
                              xLabel: "gap eps (margin / n)", yLabel: "error rate (fraction of trials)", logX: true,
                              yRange: AxisRange(min: 0),
                              series: [.band(label: "am3 error rate", x: ex, mean: err, low: elo, high: ehi).colored(PlotColor.palette(2))],
                              key: .topRight))
        return Output(figures: figures, caption: caption)
    }

    /// 1/SE^2 of a mean row (SE from its sd), the weights the analyzer's fits use.
    static func weight(_ row: ReportRow) -> Double {
        let se = row.sd / Double(max(row.trials, 1)).squareRoot()
        return se > 0 && se.isFinite ? 1 / (se * se) : 1
    }
}
