import Foundation

/// The verdict a researcher reads first: per comparison, who reaches the target sooner and by
/// how much on the headline clock (ratio of medians, its bootstrap CI and the Holm-adjusted
/// Mann-Whitney p), then the clocks that disagree ("in wall time 33.7x [21.3, 42.4]"). A ratio
/// that means nothing (`ComparisonRow.ratioUndefined`) is given as its reason, never as a
/// number. Without comparisons (one plugin), each size's headline time; fits add their law.
public enum Verdict {
    /// One string per comparison (one or two sentences), per size without comparisons, and per fit.
    public static func sentences(_ report: Report) -> [String] {
        let clock = headlineClock(report)
        var out: [String] = []
        var groups: [[ComparisonRow]] = []
        for c in report.comparisons {
            if let g = groups.firstIndex(where: { sameCell($0[0], c) }) { groups[g].append(c) } else { groups.append([c]) }
        }
        for group in groups {
            guard let head = group.first(where: { $0.clock == clock }) ?? group.first else { continue }
            out.append(comparison(head, others: group.filter { $0 != head }))
        }
        if report.comparisons.isEmpty {
            for row in report.rows where isHeadline(row, clock: clock) {
                out.append(single(row, reference: report.reference.first { $0.plugin == row.plugin && $0.n == row.n }))
            }
        }
        out += report.fits.map(fit)
        return out
    }

    /// The clock the report's headline is stated on: recorded, or the first comparison's.
    public static func headlineClock(_ report: Report) -> String {
        report.headlineClock ?? report.comparisons.first?.clock
            ?? report.rows.first { $0.metric == "time_to_target" }?.clock ?? Clock.parallel.rawValue
    }

    /// The rows the headline speaks of: time to target on the headline clock, protocol time.
    public static func isHeadline(_ row: ReportRow, clock: String) -> Bool {
        (row.metric == "time_to_target" && row.clock == clock) || row.metric == OutcomeName.time
    }

    static func sameCell(_ a: ComparisonRow, _ b: ComparisonRow) -> Bool {
        a.plugin == b.plugin && a.baseline == b.baseline && a.n == b.n && a.metric == b.metric && a.quality == b.quality
    }

    static func verb(_ metric: String) -> String { metric == OutcomeName.time ? "converges" : "reaches the target" }

    /// "popsgd reaches the target 35.2x sooner than sgd at n = 64 in node-steps (95% CI [30.1,
    /// 40.3], Mann-Whitney p = 1.2e-07, Holm-adjusted). Other clocks disagree: in wall time ..."
    static func comparison(_ c: ComparisonRow, others: [ComparisonRow]) -> String {
        let clock = RatioMeaning.phrase(c.clock)
        var text: String
        if let why = c.ratioUndefined {
            text = "\(c.plugin) against \(c.baseline) at n = \(c.n) \(clock): no ratio, because \(why)."
        } else if c.ratio >= 1 {
            text = "\(c.plugin) \(verb(c.metric)) \(times(c.ratio)) sooner than \(c.baseline) at n = \(c.n) \(clock) "
                + "(95% CI [\(factor(c.ciLow)), \(factor(c.ciHigh))], \(significance(c)))."
        } else {
            text = "\(c.plugin) \(verb(c.metric)) \(times(1 / c.ratio)) later than \(c.baseline) at n = \(c.n) \(clock) "
                + "(95% CI [\(factor(1 / c.ciHigh)), \(factor(1 / c.ciLow))], \(significance(c)))."
        }
        // Wall time is always given (what a deployment feels); other clocks where they disagree.
        let wall = others.first { $0.clock == Clock.wall.rawValue }
        let disagree = others.filter { o in
            o.clock != Clock.wall.rawValue
                && (o.ratioUndefined != nil || c.ratioUndefined != nil || !(o.ratio >= c.ciLow && o.ratio <= c.ciHigh))
        }
        if let wall { text += " " + capitalized(clause(wall)) + "." }
        if !disagree.isEmpty {
            text += " Other clocks disagree: " + disagree.map(clause).joined(separator: "; ") + "."
        } else if others.count > (wall == nil ? 0 : 1) {
            text += " The other clocks agree (" + others.filter { $0 != wall }.map(\.clock).joined(separator: ", ") + ")."
        }
        return text
    }

    /// "in wall time 33.7x [21.3, 42.4]" or "in bytes sent no ratio (sgd sends no bytes)".
    static func clause(_ c: ComparisonRow) -> String {
        let clock = RatioMeaning.phrase(c.clock)
        if let why = c.ratioUndefined { return "\(clock) no ratio (\(why))" }
        return "\(clock) \(times(c.ratio)) [\(factor(c.ciLow)), \(factor(c.ciHigh))]" + (c.ratio < 1 ? " (slower)" : "")
    }

    static func capitalized(_ s: String) -> String { s.prefix(1).uppercased() + s.dropFirst() }

    /// "Mann-Whitney p = 0.0079 (Holm)" and, above 0.05, "not significant".
    static func significance(_ c: ComparisonRow) -> String {
        let p = c.pHolm.isNaN ? c.pValue : c.pHolm
        let text = "Mann-Whitney p = \(ReportFormatter.pValue(p))" + (c.pHolm.isNaN ? "" : " Holm-adjusted")
        return p < 0.05 ? text : text + ": not significant"
    }

    /// One plugin's headline time at one size, with the closed form when one is known:
    /// "epidemic converges in mean parallel time 15.04 at n = 1000 (95% CI [13.69, 16.39], 10/10
    /// trials converged); closed form 14.95, within the 99% CI."
    static func single(_ r: ReportRow, reference: ReferenceRow?) -> String {
        let isMedian = r.ciKind == "bootstrap-percentile"
        let center = ReportFormatter.short(isMedian ? r.median : r.mean)
        let kind = isMedian ? "median" : "mean"
        let amount: String
        switch Clock(rawValue: r.clock) {
        case .parallel: amount = "\(kind) parallel time \(center)"
        case .nodeSteps: amount = "\(kind) \(center) node-steps"
        case .grads: amount = "\(kind) \(center) gradient evaluations"
        case .wall: amount = "\(kind) \(center) s of wall time"
        case .bytes: amount = "\(kind) \(center) bytes sent per node"
        case nil: amount = "\(kind) \(center) (\(r.clock))"
        }
        var text = "\(r.plugin) \(verb(r.metric)) in \(amount) at n = \(ReportFormatter.sizeText(r)) "
            + "(95% CI \(ReportFormatter.interval(r.ciLow, r.ciHigh)), \(r.successes)/\(r.trials) trials "
            + "\(r.metric == OutcomeName.time ? "converged" : "reached it"))"
        if let ref = reference {
            let verdict = ref.ci99Low.isNaN || ref.ci99High.isNaN ? "no CI to compare it with"
                : (ref.withinCI99 ? "within" : "OUTSIDE") + " the 99% CI"
            text += "; closed form \(ReportFormatter.short(ref.exact)), \(verdict)"
        }
        return text + "."
    }

    /// "popsgd: time against n fits a/x+b (predicted), R^2 0.93, log-log slope -0.64 [-0.93, -0.34]."
    static func fit(_ f: FitRow) -> String {
        var text = "\(f.plugin): time against n fits \(f.shape)\(f.predicted ? " (its predicted bound)" : ""), R^2 \(ReportFormatter.short(f.r2))"
        if f.bestShape != f.shape { text += "; AICc prefers \(f.bestShape)" }
        if let s = f.logLogSlope {
            text += "; log-log slope \(ReportFormatter.short(s)) "
                + ReportFormatter.interval(f.logLogSlopeCILow ?? .nan, f.logLogSlopeCIHigh ?? .nan)
        }
        return text + "."
    }

    /// "35.2x": three significant digits, whole numbers from 100 on.
    static func times(_ v: Double) -> String { factor(v) + "x" }

    static func factor(_ v: Double) -> String {
        if !v.isFinite { return ReportFormatter.short(v) }
        if Swift.abs(v) >= 100 { return String(format: "%.0f", v) }
        if v != 0 && Swift.abs(v) < 0.01 { return String(format: "%.2e", v) }
        return String(format: "%.3g", v)
    }
}
