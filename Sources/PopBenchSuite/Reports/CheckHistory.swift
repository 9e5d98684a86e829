import Foundation
import PopBenchCore

/// A series of `check` runs read back: each metric's median across the runs' commits, with the
/// interval of its change against the baseline and the band inside which a change is noise
/// (the decision's threshold), drawn as asv's dashboard does, one chart per metric.
public struct CheckHistory: Sendable {
    /// One metric in one check run.
    public struct Point: Sendable, Hashable {
        public var runID: String
        /// Short commit of the popbench that ran the check (or the run id without one).
        public var label: String
        public var median: Double
        /// The 95% interval of the current median (the decision's ratio CI times the baseline
        /// median), when the run compared against a baseline.
        public var low: Double?
        public var high: Double?
        /// Baseline median and relative threshold of the decision, when there was one.
        public var baseline: Double?
        public var threshold: Double?
        public var verdict: String?
    }

    /// One metric's series.
    public struct Series: Sendable {
        public var name: String
        public var unit: String
        public var points: [Point]
    }

    public var series: [Series]

    /// Reads the check runs `runIDs` under `root` (every run with a `check.json` when empty),
    /// oldest first.
    public static func load(root: URL, runIDs: [String]) throws -> CheckHistory {
        let fm = FileManager.default
        var ids = runIDs
        if ids.isEmpty {
            ids = ((try? fm.contentsOfDirectory(atPath: root.path)) ?? []).filter {
                fm.fileExists(atPath: root.appendingPathComponent($0).appendingPathComponent("check.json").path)
            }
            if ids.isEmpty { throw UsageError("--history: no check runs under \(root.path) (run popbench check first)") }
        }
        var runs: [(id: String, samples: CheckSamples, verdict: CheckVerdict?)] = []
        for id in ids {
            let dir = root.appendingPathComponent(id)
            let url = dir.appendingPathComponent("check.json")
            guard fm.fileExists(atPath: url.path) else {
                throw UsageError("RUN: '\(id)' is not a check run (no \(url.path))")
            }
            let verdictURL = dir.appendingPathComponent("verdict.json")
            let verdict = fm.fileExists(atPath: verdictURL.path)
                ? try? JSON.decoder().decode(CheckVerdict.self, from: Data(contentsOf: verdictURL)) : nil
            runs.append((id, try CheckSamples.load(url), verdict))
        }
        runs.sort { ($0.samples.provenance.created, $0.id) < ($1.samples.provenance.created, $1.id) }
        var series: [Series] = []
        for run in runs {
            for m in run.samples.metrics {
                let d = run.verdict?.decisions.first { $0.name == m.name }
                let commit = run.samples.provenance.gitCommit.map { String($0.prefix(7)) }
                var p = Point(runID: run.id, label: commit ?? run.id, median: Statistics.median(m.samples))
                if let d, d.ciLow.isFinite, d.ciHigh.isFinite, d.baselineMedian.isFinite {
                    p.low = d.ciLow * d.baselineMedian; p.high = d.ciHigh * d.baselineMedian
                }
                p.baseline = d?.baselineMedian; p.threshold = d?.threshold; p.verdict = d?.verdict.rawValue
                if let i = series.firstIndex(where: { $0.name == m.name }) { series[i].points.append(p) }
                else { series.append(Series(name: m.name, unit: m.unit, points: [p])) }
            }
        }
        return CheckHistory(series: series)
    }

    /// The page: one chart per metric, then a table of every point.
    public func html() -> String {
        var body = "<h1>popbench check history</h1>\n<p class=\"verdict\" id=\"verdict\">\(series.count) metrics over "
        body += "\(Set(series.flatMap { $0.points.map(\.runID) }).count) check runs; dots are medians, bars their 95% CI, "
        body += "the shaded band the baseline median &plusmn; the threshold inside which a change is noise.</p>\n"
        for s in series {
            body += "<h2>\(HTML.escape(s.name))</h2>\n<figure class=\"plot\" id=\"fig-\(HTML.escape(s.name))\">\n"
            body += HistoryChart(series: s).svg() + "\n<figcaption>\(HTML.escape(s.name)) (\(HTML.escape(s.unit)))</figcaption></figure>\n"
            body += HTML.table(["run", "commit", "median", "95% CI", "baseline", "threshold", "verdict"], s.points.map { p in
                [p.runID, p.label, ReportFormatter.short(p.median),
                 ReportFormatter.interval(p.low ?? .nan, p.high ?? .nan), p.baseline.map(ReportFormatter.short) ?? "",
                 p.threshold.map { ReportFormatter.short($0 * 100) + "%" } ?? "", p.verdict ?? ""]
            })
        }
        return HTML.page(title: "popbench check history", body: body)
    }
}

/// One metric's history as a small self-contained SVG chart.
struct HistoryChart {
    var series: CheckHistory.Series
    let width = 720.0, height = 260.0, left = 80.0, right = 20.0, top = 20.0, bottom = 50.0

    func svg() -> String {
        let pts = series.points
        var values = pts.flatMap { [$0.median, $0.low, $0.high].compactMap { $0 } }
        for p in pts { if let b = p.baseline, let t = p.threshold { values += [b * (1 - t), b * (1 + t)] } }
        values = values.filter(\.isFinite)
        var lo = values.min() ?? 0, hi = values.max() ?? 1
        if hi - lo < 1e-12 * max(1, Swift.abs(hi)) { lo -= 0.5 * max(1e-9, Swift.abs(lo)); hi += 0.5 * max(1e-9, Swift.abs(hi)) }
        let pad = 0.08 * (hi - lo); lo -= pad; hi += pad
        let plotW = width - left - right, plotH = height - top - bottom
        func x(_ i: Int) -> Double { pts.count == 1 ? left + plotW / 2 : left + plotW * Double(i) / Double(pts.count - 1) }
        func y(_ v: Double) -> Double { top + plotH * (1 - (v - lo) / (hi - lo)) }
        func f(_ v: Double) -> String { String(format: "%.1f", v) }
        var out = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width))\" height=\"\(Int(height))\" viewBox=\"0 0 \(Int(width)) \(Int(height))\">\n"
        out += "<rect x=\"\(f(left))\" y=\"\(f(top))\" width=\"\(f(plotW))\" height=\"\(f(plotH))\" fill=\"white\" stroke=\"#999\"/>\n"
        // The noise band of each run's decision (baseline median +- threshold), as steps.
        for (i, p) in pts.enumerated() {
            guard let b = p.baseline, let t = p.threshold, b.isFinite, t.isFinite else { continue }
            let x0 = pts.count == 1 ? left : max(left, x(i) - plotW / Double(2 * max(1, pts.count - 1)))
            let x1 = pts.count == 1 ? left + plotW : min(left + plotW, x(i) + plotW / Double(2 * max(1, pts.count - 1)))
            out += "<rect x=\"\(f(x0))\" y=\"\(f(y(b * (1 + t))))\" width=\"\(f(x1 - x0))\" height=\"\(f(max(0.5, y(b * (1 - t)) - y(b * (1 + t)))))\" fill=\"#2a62c9\" fill-opacity=\"0.12\"/>\n"
            out += "<line x1=\"\(f(x0))\" x2=\"\(f(x1))\" y1=\"\(f(y(b)))\" y2=\"\(f(y(b)))\" stroke=\"#2a62c9\" stroke-dasharray=\"4 3\"/>\n"
        }
        for k in 0...4 {
            let v = lo + (hi - lo) * Double(k) / 4
            out += "<text x=\"\(f(left - 6))\" y=\"\(f(y(v) + 4))\" font-size=\"11\" text-anchor=\"end\">\(HTML.escape(ReportFormatter.short(v)))</text>\n"
        }
        out += "<polyline fill=\"none\" stroke=\"#222\" points=\"" + pts.enumerated().map { "\(f(x($0.offset))),\(f(y($0.element.median)))" }.joined(separator: " ") + "\"/>\n"
        for (i, p) in pts.enumerated() {
            if let l = p.low, let h = p.high {
                out += "<line x1=\"\(f(x(i)))\" x2=\"\(f(x(i)))\" y1=\"\(f(y(l)))\" y2=\"\(f(y(h)))\" stroke=\"#222\"/>\n"
            }
            let color = p.verdict == "regression" ? "#c92a2a" : (p.verdict == "improved" ? "#2b8a3e" : "#222")
            out += "<circle cx=\"\(f(x(i)))\" cy=\"\(f(y(p.median)))\" r=\"4\" fill=\"\(color)\"><title>\(HTML.escape("\(p.runID): \(ReportFormatter.short(p.median))"))</title></circle>\n"
            out += "<text x=\"\(f(x(i)))\" y=\"\(f(height - bottom + 18))\" font-size=\"11\" text-anchor=\"middle\">\(HTML.escape(p.label))</text>\n"
        }
        out += "<text x=\"\(f(left + plotW / 2))\" y=\"\(f(height - 8))\" font-size=\"12\" text-anchor=\"middle\">commit (oldest first)</text>\n"
        return out + "</svg>"
    }
}
