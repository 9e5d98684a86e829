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

    /// The width the default text report fits in (`--wide` drops the limit).
    public static let columns = 100

    /// The report for people: a header line, the verdict (`Verdict`), then the tables. By
    /// default the tables fit in `columns` characters (time to target on the headline clock
    /// only, success counts without their intervals, Holm p only); `wide` shows every row and
    /// column.
    public static func text(_ report: Report, wide: Bool = false) -> String {
        var out = header(report) + "\n"
        let verdict = report.verdict ?? Verdict.sentences(report)
        for sentence in verdict { out += wrap(sentence, wide: wide) + "\n" }
        let body = wide ? tables(report) : compactTables(report)
        return out + (body.isEmpty ? "" : "\n" + body)
    }

    /// "popbench compare: sgd, popsgd on mean at n = 64, 20 trials each (run compare-...)": one
    /// line of at most `columns` characters (the run id is left out when it would not fit), so
    /// that the verdict is always the second line.
    public static func header(_ report: Report) -> String {
        var plugins: [String] = [], sizes: [String] = []
        for r in report.rows {
            if !plugins.contains(r.plugin) { plugins.append(r.plugin) }
            if !sizes.contains(sizeText(r)) { sizes.append(sizeText(r)) }
        }
        let trials = Set(report.rows.filter { $0.metric != OutcomeName.correct }.map(\.trials))
        var text = "popbench \(report.command): \(plugins.joined(separator: ", "))"
        if let task = report.rows.first?.task { text += " on \(task)" }
        if !sizes.isEmpty { text += " at n = " + (sizes.count > 4 ? "\(sizes[0])..\(sizes[sizes.count - 1]) (\(sizes.count) sizes)" : sizes.joined(separator: ", ")) }
        if trials.count == 1, let t = trials.first { text += ", \(t) trial\(t == 1 ? "" : "s") each" }
        let withID = text + " (run \(report.runID))"
        return withID.count <= columns ? withID : text
    }

    /// The default tables, `columns` wide at most.
    static func compactTables(_ report: Report) -> String {
        var out = ""
        let clock = Verdict.headlineClock(report)
        let rows = report.rows.filter { r in
            r.metric != OutcomeName.wallPerNodeStep && (r.metric != "time_to_target" || r.clock == clock)
        }
        if !rows.isEmpty {
            var t = TextTable(["plugin", "n", "metric", "clock", "center", "95% CI", "success"])
            for r in rows {
                let isMedian = r.ciKind == "bootstrap-percentile"
                let center = (isMedian ? "median " : "mean ") + short(isMedian ? r.median : r.mean)
                let metric = r.metric == "time_to_target" ? "time_to_target@\(r.quality ?? "avg")" : r.metric
                t.add([r.plugin, sizeText(r), metric, r.clock, center, interval(r.ciLow, r.ciHigh),
                       r.metric == OutcomeName.correct ? "" : "\(r.successes)/\(r.trials)"])
            }
            out += t.render() + "\n"
            out += notes(report, wide: false)
        }
        if !report.comparisons.isEmpty {
            var t = TextTable(["plugin", "vs", "n", "clock", "speedup", "95% CI", "p (Holm)", ""])
            var reasons: [String] = []
            for c in report.comparisons {
                if let why = c.ratioUndefined {
                    if !reasons.contains(why) { reasons.append(why) }
                    let k = reasons.firstIndex(of: why)! + 1
                    t.add([c.plugin, c.baseline, String(c.n), c.clock, "no ratio (\(k))", "", "", ""])
                } else {
                    t.add([c.plugin, c.baseline, String(c.n), c.clock, short(c.ratio) + "x", interval(c.ciLow, c.ciHigh),
                           pValue(c.pHolm), significance(c.pHolm)])
                }
            }
            out += "\n" + t.render() + "\n"
            out += reasons.enumerated().map { wrap("(\($0.offset + 1)) no ratio: \($0.element).", wide: false) + "\n" }.joined()
            out += wrap("speedup = median(baseline) / median(plugin) of time to target, percentile-bootstrap CI; "
                        + "p (Holm): Mann-Whitney, Holm-Bonferroni adjusted over the comparisons on the same clock; "
                        + "* < 0.05, ** < 0.01. --wide adds raw p-values, every clock's times and mean-curve times.", wide: false) + "\n"
            out += wallGaps(report).map { wrap($0, wide: false) + "\n" }.joined()
        }
        out += fitTables(report, wide: false)
        out += referenceTable(report)
        return out
    }

    /// Every row and column (`--wide`).
    static func tables(_ report: Report) -> String {
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
            out += notes(report, wide: true)
        }
        if !report.comparisons.isEmpty {
            var t = TextTable(["plugin", "vs", "n", "metric", "clock", "speedup", "95% CI", "p (Mann-Whitney)", "p (Holm)", ""])
            for c in report.comparisons {
                let speedup = c.ratioUndefined.map { "no ratio: \($0)" } ?? short(c.ratio) + "x"
                let undefined = c.ratioUndefined != nil
                t.add([c.plugin, c.baseline, String(c.n), c.metric + (c.quality.map { " (\($0))" } ?? ""), c.clock,
                       speedup, undefined ? "" : interval(c.ciLow, c.ciHigh), undefined ? "" : pValue(c.pValue),
                       undefined ? "" : pValue(c.pHolm), undefined ? "" : significance(c.pHolm)])
            }
            out += "\n" + t.render() + "\nspeedup = median(baseline) / median(plugin), percentile-bootstrap CI, on every clock.\n"
            out += "p (Holm): Holm-Bonferroni adjusted over the comparisons on the same clock; * p_holm < 0.05, ** < 0.01.\n"
            out += wallGaps(report).map { $0 + "\n" }.joined()
        }
        out += fitTables(report, wide: true)
        out += referenceTable(report)
        return out
    }

    /// What the rows' words mean (target, quality, clocks).
    static func notes(_ report: Report, wide: Bool) -> String {
        guard let target = report.rows.first(where: { $0.target != nil })?.target else { return "" }
        return [
            "time_to_target: first checkpoint after which the primary metric stays at or beyond the target \(short(target)); failures count as infinite.",
            "quality: avg = the average model x_bar (held by no node); nodes-mean / nodes-worst = mean / worst over nodes of each node's own model; consensus = Gamma = (1/n) sum_i ||x_i - x_bar||^2.",
            clocksLegend(report),
        ].map { wrap($0, wide: wide) + "\n" }.joined()
    }

    /// The clocks legend, with each rule's own gradients per node per unit of parallel time
    /// measured from its trials' clocks (not assumed from the algorithm's name).
    static func clocksLegend(_ report: Report) -> String {
        let rates = report.gradientsPerParallelUnit.sorted { $0.key < $1.key }
            .map { "\($0.key) \(short($0.value))" }.joined(separator: ", ")
        return "clocks: node-steps = gradient evaluations per node (a sequential algorithm's steps); grads = all gradient evaluations; parallel = parallel time (interactions / n, or rounds)"
            + (rates.isEmpty ? "" : "; gradients per node per unit of parallel time, from each rule's own clocks: \(rates)")
            + "; wall = wall clock (simulated, or real on MPI ranks)."
    }

    static func fitTables(_ report: Report, wide: Bool) -> String {
        guard !report.fits.isEmpty else { return "" }
        var out = ""
        var t = TextTable(wide ? ["plugin", "law", "a [95% CI]", "b [95% CI]", "R^2", "best shape", "log-log slope [95% CI]"]
                               : ["plugin", "law", "a [95% CI]", "R^2", "log-log slope [95% CI]"])
        for f in report.fits {
            let slope = f.logLogSlope.map { "\(short($0)) [\(short(f.logLogSlopeCILow ?? .nan)), \(short(f.logLogSlopeCIHigh ?? .nan))]" } ?? ""
            let a = "\(short(f.a)) [\(short(f.aCILow)), \(short(f.aCIHigh))]"
            let b = "\(short(f.b)) [\(short(f.bCILow)), \(short(f.bCIHigh))]"
            let law = f.shape + (f.predicted ? " (predicted)" : "")
            t.add(wide ? [f.plugin, law, a, b, short(f.r2), f.bestShape, slope] : [f.plugin, law, a, short(f.r2), slope])
        }
        out += "\n" + t.render() + "\n"
        for f in report.fits {
            out += wrap("\(f.plugin) shapes ranked by AICc: " + f.ranking.map { "\($0.shape) (\(short($0.aicc ?? .nan)))" }.joined(separator: " < "), wide: wide) + "\n"
            let failed = f.points.filter { $0.failed > 0 }
            if !failed.isEmpty {
                out += wrap("\(f.plugin) failed trials (not in the fit): "
                            + failed.map { "n = \(short($0.x)): \($0.failed) of \($0.trials)" }.joined(separator: ", "), wide: wide) + "\n"
            }
        }
        if let m = report.fits.first?.method, !m.isEmpty { out += wrap("fits: \(m).", wide: wide) + "\n" }
        return out
    }

    static func referenceTable(_ report: Report) -> String {
        guard !report.reference.isEmpty else { return "" }
        var t = TextTable(["plugin", "n", "metric", "exact", "measured mean", "99% CI", "exact within CI"])
        for r in report.reference {
            t.add([r.plugin, String(r.n), r.metric, short(r.exact), short(r.measuredMean),
                   interval(r.ci99Low, r.ci99High), r.withinCI99 ? "yes" : "NO"])
        }
        return "\n" + t.render() + "\n"
    }

    /// `text` broken at spaces into lines of at most `columns` characters (unbroken when `wide`).
    public static func wrap(_ text: String, wide: Bool = false, width: Int = columns) -> String {
        if wide || text.count <= width { return text }
        var lines: [String] = [], line = ""
        for word in text.split(separator: " ", omittingEmptySubsequences: false) {
            if !line.isEmpty && line.count + 1 + word.count > width {
                lines.append(line); line = String(word)
            } else {
                line += (line.isEmpty ? "" : " ") + word
            }
        }
        if !line.isEmpty { lines.append(line) }
        return lines.joined(separator: "\n")
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
