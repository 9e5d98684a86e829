import Foundation
import PopBenchCore

/// A run's report as one self-contained HTML page (`report.html` beside the results): the
/// verdict, the tables, the run's figures inline as SVG, the fits with their CIs, the manifest
/// and the command that reproduces the run.
public struct RunHTMLReport: Sendable {
    /// The file name written beside `report.json`.
    public static let fileName = "report.html"

    public var report: Report
    public var manifest: Manifest
    /// Figures to show: (name, SVG text).
    public var figures: [(name: String, svg: String)]

    public init(report: Report, manifest: Manifest, figures: [(name: String, svg: String)]) {
        self.report = report; self.manifest = manifest; self.figures = figures
    }

    /// Reads `report.json` and the manifest of `store`, and the SVG figures the report lists.
    public static func load(store: ResultStore) throws -> RunHTMLReport {
        let report: Report
        do {
            report = try JSON.decoder().decode(Report.self, from: Data(contentsOf: store.reportURL))
        } catch {
            throw UsageError("\(store.reportURL.path): cannot read the run's report (\(error.localizedDescription)); is the run finished?")
        }
        return RunHTMLReport(report: report, manifest: try store.readManifest(), figures: figures(of: report))
    }

    /// The SVG files among the report's plots, by name, in the report's order.
    static func figures(of report: Report) -> [(name: String, svg: String)] {
        report.plots.filter { $0.hasSuffix(".svg") }.compactMap { path in
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
            return ((path as NSString).lastPathComponent, text)
        }
    }

    /// Writes `report.html` into the run directory; returns its URL.
    @discardableResult
    public func write(to store: ResultStore) throws -> URL {
        let url = store.directory.appendingPathComponent(Self.fileName)
        try Data(html().utf8).write(to: url, options: .atomic)
        return url
    }

    /// The command line that reproduces the run (`popbench` and the arguments as typed).
    public var reproduce: String {
        (["popbench"] + manifest.arguments.dropFirst()).map(Self.shellWord).joined(separator: " ")
    }

    /// The page.
    public func html() -> String {
        let title = ReportFormatter.header(report)
        var body = "<h1>\(HTML.escape(title))</h1>\n<div class=\"verdict\" id=\"verdict\">\n"
        let verdict = report.verdict ?? Verdict.sentences(report)
        body += verdict.map { "<p>\(HTML.escape($0))</p>" }.joined(separator: "\n") + "\n</div>\n"
        body += "<h2>Reproduce</h2>\n<pre id=\"reproduce\">\(HTML.escape(reproduce))</pre>\n"
        if !report.comparisons.isEmpty { body += "<h2>Speedups on every clock</h2>\n" + comparisons() }
        if !figures.isEmpty {
            body += "<h2>Figures</h2>\n"
            for f in figures {
                body += "<figure class=\"plot\" id=\"fig-\(HTML.escape(f.name))\">\n\(HTML.inlineSVG(f.svg))\n"
                body += "<figcaption>\(HTML.escape(f.name))</figcaption></figure>\n"
            }
        }
        if !report.fits.isEmpty { body += "<h2>Fits of time against n</h2>\n" + fits() }
        if !report.reference.isEmpty { body += "<h2>Closed forms</h2>\n" + references() }
        if !report.rows.isEmpty { body += "<h2>Results</h2>\n" + rows() }
        body += "<h2>Manifest</h2>\n<pre id=\"manifest\">\(HTML.escape(manifestJSON()))</pre>\n"
        return HTML.page(title: title, body: body)
    }

    func comparisons() -> String {
        HTML.table(["plugin", "vs", "n", "metric", "clock", "speedup", "95% CI", "p (Mann-Whitney)", "p (Holm)"],
                   report.comparisons.map { c in
                       let none = c.ratioUndefined != nil
                       return [c.plugin, c.baseline, String(c.n), c.metric + (c.quality.map { " (\($0))" } ?? ""), c.clock,
                               c.ratioUndefined.map { "no ratio: \($0)" } ?? ReportFormatter.short(c.ratio) + "x",
                               none ? "" : ReportFormatter.interval(c.ciLow, c.ciHigh),
                               none ? "" : ReportFormatter.short(c.pValue), none ? "" : ReportFormatter.short(c.pHolm)]
                   }, id: "comparisons")
    }

    func fits() -> String {
        HTML.table(["plugin", "law", "a [95% CI]", "b [95% CI]", "R^2", "best shape (AICc)", "log-log slope [95% CI]"],
                   report.fits.map { f in
                       [f.plugin, f.shape + (f.predicted ? " (predicted)" : ""),
                        "\(ReportFormatter.short(f.a)) \(ReportFormatter.interval(f.aCILow, f.aCIHigh))",
                        "\(ReportFormatter.short(f.b)) \(ReportFormatter.interval(f.bCILow, f.bCIHigh))",
                        ReportFormatter.short(f.r2), f.bestShape,
                        f.logLogSlope.map { "\(ReportFormatter.short($0)) \(ReportFormatter.interval(f.logLogSlopeCILow ?? .nan, f.logLogSlopeCIHigh ?? .nan))" } ?? ""]
                   }, id: "fits")
    }

    func references() -> String {
        HTML.table(["plugin", "n", "metric", "exact", "measured mean", "99% CI", "exact within CI"],
                   report.reference.map { r in
                       [r.plugin, String(r.n), r.metric, ReportFormatter.short(r.exact), ReportFormatter.short(r.measuredMean),
                        ReportFormatter.interval(r.ci99Low, r.ci99High), r.withinCI99 ? "yes" : "NO"]
                   }, id: "reference")
    }

    func rows() -> String {
        HTML.table(["plugin", "n", "metric", "quality", "clock", "trials", "center", "95% CI", "success", "mean curve"],
                   report.rows.map { r in
                       let isMedian = r.ciKind == "bootstrap-percentile"
                       return [r.plugin, r.size.map(ReportFormatter.short) ?? String(r.n), r.metric, r.quality ?? "", r.clock,
                               String(r.trials), (isMedian ? "median " : "mean ") + ReportFormatter.short(isMedian ? r.median : r.mean),
                               ReportFormatter.interval(r.ciLow, r.ciHigh),
                               "\(r.successes)/\(r.trials) \(ReportFormatter.interval(r.successCILow, r.successCIHigh))",
                               r.meanCurveTime.map(ReportFormatter.short) ?? ""]
                   }, id: "rows")
    }

    func manifestJSON() -> String {
        (try? JSON.prettyEncoder().encode(manifest)).map { String(decoding: $0, as: UTF8.self) } ?? ""
    }

    /// A word as a POSIX shell reads it back: bare when safe, single-quoted otherwise.
    static func shellWord(_ word: String) -> String {
        let safe = word.allSatisfy { $0.isLetter || $0.isNumber || "-_./=,:+@%".contains($0) }
        return safe && !word.isEmpty ? word : "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
