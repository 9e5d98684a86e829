import Foundation

/// Human-readable tables of a report, and its CSV form (`summary.csv`).
public enum ReportFormatter {
    /// The CSV columns of `summary.csv`: the keys of `ReportRow` in docs/json-format.md's order.
    public static let csvHeader = "plugin,task,n,metric,clock,trials,mean,median,ci_low,ci_high,ci_kind,successes,success_rate,success_ci_low,success_ci_high,expected_runtime,target,mean_curve_time,sd,quality"

    public static func csv(_ report: Report) -> String {
        var lines = [csvHeader]
        for r in report.rows {
            let fields: [String] = [r.plugin, r.task, sizeText(r), r.metric, r.clock, String(r.trials), num(r.mean), num(r.median),
                                    num(r.ciLow), num(r.ciHigh), r.ciKind, String(r.successes), num(r.successRate),
                                    num(r.successCILow), num(r.successCIHigh), r.expectedRuntime.map(num) ?? "",
                                    r.target.map(num) ?? "", r.meanCurveTime.map(num) ?? "", num(r.sd), r.quality ?? ""]
            lines.append(fields.map(csvField).joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The population size of a row: `n`, or the real size when it is above 2^63.
    static func sizeText(_ r: ReportRow) -> String { r.size.map(num) ?? String(r.n) }

    /// Why a wall-clock speedup differs from the node-steps one by more than 25%: the two
    /// algorithms' wall clock per node-step (`wall_per_node_step` rows), whose ratio is the factor
    /// between the clocks.
    static func wallGaps(_ report: Report) -> [String] {
        func pace(_ plugin: String, _ n: Int) -> Double? {
            report.rows.first { $0.plugin == plugin && $0.n == n && $0.metric == OutcomeName.wallPerNodeStep }?.median
        }
        return report.comparisons.compactMap { wall in
            guard wall.clock == Clock.wall.rawValue,
                  let steps = report.comparisons.first(where: { $0.clock == Clock.nodeSteps.rawValue && $0.plugin == wall.plugin
                      && $0.baseline == wall.baseline && $0.n == wall.n && $0.metric == wall.metric && $0.quality == wall.quality }),
                  steps.ratio > 0, abs(wall.ratio / steps.ratio - 1) > 0.25,
                  let mine = pace(wall.plugin, wall.n), let theirs = pace(wall.baseline, wall.n) else { return nil }
            return "wall vs node-steps: \(wall.plugin) at n = \(wall.n) is \(short(wall.ratio))x faster than \(wall.baseline) on the wall clock "
                + "but \(short(steps.ratio))x per node-step: it spends \(short(mine)) s of wall clock per node-step, \(wall.baseline) "
                + "\(short(theirs)) s (factor \(short(theirs / mine))); a larger pace is time its nodes wait (rendezvous, barrier or "
                + "transfer not overlapped with computing) instead of computing."
        }
    }

    /// Tables for people: results, comparisons, fits, references.
    public static func text(_ report: Report) -> String {
        var out = ""
        if !report.rows.isEmpty {
            var t = TextTable(["plugin", "n", "metric", "quality", "clock", "trials", "center", "95% CI", "success", "mean curve"])
            for r in report.rows {
                let isMedian = r.ciKind == "bootstrap-percentile"
                let center = (isMedian ? "median " : "mean ") + short(isMedian ? r.median : r.mean)
                let success = r.metric == OutcomeName.correct ? "" :
                    "\(r.successes)/\(r.trials) [\(short(r.successCILow)), \(short(r.successCIHigh))]"
                t.add([r.plugin, sizeText(r), r.metric, r.quality ?? "", r.clock, String(r.trials), center,
                       interval(r.ciLow, r.ciHigh), success, r.meanCurveTime.map(short) ?? ""])
            }
            out += t.render() + "\n"
            if let target = report.rows.first(where: { $0.target != nil })?.target {
                out += "time_to_target: first checkpoint after which the primary metric stays at or beyond the target \(short(target)); failures count as infinite.\n"
                out += "quality: avg = the average model x_bar (held by no node); nodes-mean / nodes-worst = mean / worst over nodes of each node's own model; consensus = Gamma = (1/n) sum_i ||x_i - x_bar||^2.\n"
                let rates = report.gradientsPerParallelUnit.sorted { $0.key < $1.key }
                    .map { "\($0.key) \(short($0.value))" }.joined(separator: ", ")
                out += "clocks: node-steps = gradient evaluations per node (a sequential algorithm's steps); grads = all gradient evaluations; parallel = parallel time (interactions / n, or rounds)"
                    + (rates.isEmpty ? "" : "; gradients per node per unit of parallel time, from each rule's own clocks: \(rates)")
                    + "; wall = wall clock (simulated, or real on MPI ranks).\n"
            }
        }
        if !report.comparisons.isEmpty {
            var t = TextTable(["plugin", "vs", "n", "metric", "clock", "speedup", "95% CI", "p (Mann-Whitney)", "p (Holm)", ""])
            for c in report.comparisons {
                t.add([c.plugin, c.baseline, String(c.n), c.metric + (c.quality.map { " (\($0))" } ?? ""), c.clock,
                       short(c.ratio) + "x", interval(c.ciLow, c.ciHigh), pValue(c.pValue), pValue(c.pHolm),
                       significance(c.pHolm)])
            }
            out += "\n" + t.render() + "\nspeedup = median(baseline) / median(plugin), percentile-bootstrap CI, on every clock.\n"
            out += "p (Holm): Holm-Bonferroni adjusted over the comparisons on the same clock; * p_holm < 0.05, ** < 0.01.\n"
            out += wallGaps(report).map { $0 + "\n" }.joined()
        }
        if !report.fits.isEmpty {
            var t = TextTable(["plugin", "law", "a [95% CI]", "b [95% CI]", "R^2", "best shape", "log-log slope [95% CI]"])
            for f in report.fits {
                let slope = f.logLogSlope.map { "\(short($0)) [\(short(f.logLogSlopeCILow ?? .nan)), \(short(f.logLogSlopeCIHigh ?? .nan))]" } ?? ""
                t.add([f.plugin, f.shape + (f.predicted ? " (predicted)" : ""),
                       "\(short(f.a)) [\(short(f.aCILow)), \(short(f.aCIHigh))]",
                       "\(short(f.b)) [\(short(f.bCILow)), \(short(f.bCIHigh))]", short(f.r2), f.bestShape, slope])
            }
            out += "\n" + t.render() + "\n"
            for f in report.fits {
                out += "\(f.plugin) shapes ranked by AICc: "
                out += f.ranking.map { "\($0.shape) (\(short($0.aicc ?? .nan)))" }.joined(separator: " < ") + "\n"
                let failed = f.points.filter { $0.failed > 0 }
                if !failed.isEmpty {
                    out += "\(f.plugin) failed trials (not in the fit): "
                    out += failed.map { "n = \(short($0.x)): \($0.failed) of \($0.trials)" }.joined(separator: ", ") + "\n"
                }
            }
            if let m = report.fits.first?.method, !m.isEmpty { out += "fits: \(m).\n" }
        }
        if !report.reference.isEmpty {
            var t = TextTable(["plugin", "n", "metric", "exact", "measured mean", "99% CI", "exact within CI"])
            for r in report.reference {
                t.add([r.plugin, String(r.n), r.metric, short(r.exact), short(r.measuredMean),
                       interval(r.ci99Low, r.ci99High), r.withinCI99 ? "yes" : "NO"])
            }
            out += "\n" + t.render() + "\n"
        }
        return out
    }

    /// `[low, high]`, or a word saying why there is none: one trial gives no interval
    /// (`n/a (1 trial)` rather than `[nan, nan]`).
    public static func interval(_ low: Double, _ high: Double) -> String {
        if low.isNaN || high.isNaN { return "n/a" }
        return "[\(short(low)), \(short(high))]"
    }

    /// Four significant digits, or `inf`/`nan`.
    public static func short(_ v: Double) -> String {
        if !v.isFinite { return v.isNaN ? "nan" : (v > 0 ? "inf" : "-inf") }
        if v != 0 && (abs(v) >= 1e6 || abs(v) < 1e-3) { return String(format: "%.3e", v) }
        return String(format: "%.4g", v)
    }

    /// `*` below 0.05, `**` below 0.01, empty otherwise (or for NaN).
    static func significance(_ p: Double) -> String { p < 0.01 ? "**" : (p < 0.05 ? "*" : "") }

    static func pValue(_ p: Double) -> String { p < 1e-4 ? String(format: "%.1e", p) : String(format: "%.4f", p) }

    static func num(_ v: Double) -> String { v.isFinite ? "\(v)" : (v.isNaN ? "nan" : (v > 0 ? "inf" : "-inf")) }

    static func csvField(_ s: String) -> String {
        s.contains(",") || s.contains("\"") ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
    }
}
