import Foundation
import PopBenchCore

/// `--vary NAME=LIST` on `sweep` and `compare`: the same experiment repeated at each value of
/// one plugin or task parameter (e.g. the majority gap), then the headline time against that
/// value per plugin and n, fitted with the standard shapes plus `a/x + b`.
///
/// With x = gap eps at a fixed n, 4EM's O(log n / eps) (Draief-Vojnovic) is the shape
/// `a/x + b`, whose `a` estimates the constant times ln n.
public struct ParameterVariation: Sendable, Codable {
    /// The varied parameter (without dashes).
    public var parameter: String
    /// Its values, in the order given.
    public var values: [Double]
    /// One report per value, in the same order.
    public var reports: [Report]
    /// The fits of time against the parameter, one per plugin and n.
    public var fits: [VariedFit]

    /// A fit of the headline time against the varied parameter.
    public struct VariedFit: Sendable, Codable, Hashable {
        public var plugin: String
        public var n: Int
        public var shape: String
        public var a: Double
        public var aCILow: Double
        public var aCIHigh: Double
        public var b: Double
        public var r2: Double
        /// All shapes tried, best first (by `Statistics.rankShapes`).
        public var ranking: [String]
        enum CodingKeys: String, CodingKey {
            case plugin, n, shape, a, b, r2, ranking
            case aCILow = "a_ci_low", aCIHigh = "a_ci_high"
        }
    }

    /// Parses `NAME=v1,v2,...` (at least two finite numbers, no repeats). Errors name `--vary`
    /// and what is allowed.
    public static func parse(_ text: String) throws -> (parameter: String, values: [Double]) {
        let parts = text.split(separator: "=", maxSplits: 1).map(String.init)
        guard parts.count == 2, !parts[0].isEmpty else {
            throw UsageError("--vary: '\(text)' is not allowed; allowed: NAME=v1,v2,... (e.g. gap=0.01,0.02,0.05)")
        }
        var values: [Double] = []
        for item in parts[1].split(separator: ",", omittingEmptySubsequences: false) {
            let word = item.trimmingCharacters(in: .whitespaces)
            guard let v = Double(word), v.isFinite else {
                throw UsageError("--vary: '\(word)' is not a number; allowed: NAME=v1,v2,... with finite numbers")
            }
            if values.contains(v) { throw UsageError("--vary: \(word) is listed twice") }
            values.append(v)
        }
        guard values.count >= 2 else { throw UsageError("--vary: give at least two values of \(parts[0])") }
        return (parts[0], values)
    }

    /// Collects the reports of the runs at `values` and fits time against the parameter.
    public init(parameter: String, values: [Double], reports: [Report]) {
        self.parameter = parameter; self.values = values; self.reports = reports
        var fits: [VariedFit] = []
        let keys = reports.first?.rows.filter { $0.metric == OutcomeName.time || $0.metric == "time_to_target" }
            .map { "\($0.plugin)|\($0.n)" } ?? []
        let uniqueKeys = keys.reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        for key in uniqueKeys {
            var x: [Double] = [], y: [Double] = [], w: [Double] = []
            var plugin = "", n = 0
            for (v, report) in zip(values, reports) {
                guard let row = report.rows.first(where: { "\($0.plugin)|\($0.n)" == key && ($0.metric == OutcomeName.time || $0.metric == "time_to_target") }),
                      row.mean.isFinite else { continue }
                plugin = row.plugin; n = row.n
                let se = row.sd / Double(max(row.trials, 1)).squareRoot()
                x.append(v); y.append(row.mean); w.append(se > 0 && se.isFinite ? 1 / (se * se) : 1)
            }
            let ranked = Statistics.rankShapes(x: x, y: y, weights: w, shapes: FitShape.standard + [.inverse])
            guard let best = ranked.first else { continue }
            fits.append(VariedFit(plugin: plugin, n: n, shape: best.shape.formula, a: best.a, aCILow: best.aInterval.low,
                                  aCIHigh: best.aInterval.high, b: best.b, r2: best.r2, ranking: ranked.map(\.shape.formula)))
        }
        self.fits = fits
    }

    /// The human-readable table: mean time per plugin, n and value, then the fits.
    public var text: String {
        var s = "time against --\(parameter) (x):\n"
        for report in reports.prefix(1) {
            for row in report.rows where row.metric == OutcomeName.time || row.metric == "time_to_target" {
                let line = zip(values, reports).compactMap { v, r in
                    r.rows.first { $0.plugin == row.plugin && $0.n == row.n && $0.metric == row.metric }
                        .map { "x = \(ReportFormatter.short(v)): \(ReportFormatter.short($0.mean)) [\(ReportFormatter.short($0.ciLow)), \(ReportFormatter.short($0.ciHigh))]" }
                }
                s += "  \(row.plugin) n = \(row.n): " + line.joined(separator: "; ") + "\n"
            }
        }
        for f in fits {
            s += "  fit \(f.plugin) n = \(f.n): best \(f.shape.replacingOccurrences(of: "x", with: parameter)) with a = \(ReportFormatter.short(f.a)) [\(ReportFormatter.short(f.aCILow)), \(ReportFormatter.short(f.aCIHigh))], R^2 = \(ReportFormatter.short(f.r2)); ranking: \(f.ranking.joined(separator: ", "))\n"
        }
        return s
    }
}
