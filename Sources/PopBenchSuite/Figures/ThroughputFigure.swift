import Foundation
import PopBenchCore
import PopBenchOptimization
import PopBenchPlot

/// The seed paper's throughput figure (SwarmSGD, Nadiradze et al., NeurIPS 2021): simulated samples per second
/// against the number of nodes, one line per algorithm with its 95% CI, log-log axes, and the
/// ideal n / compute-time as a dashed reference (slope 1: linear scaling).
public enum ThroughputFigure {
    /// The figure for `report`'s rows.
    public static func figure(_ report: Throughput.Report, name: String = "throughput-vs-n") -> Figure {
        var plugins: [String] = []
        for r in report.rows where !plugins.contains(r.plugin) { plugins.append(r.plugin) }
        var series: [Figure.Series] = []
        for (i, plugin) in plugins.enumerated() {
            let rows = report.rows.filter { $0.plugin == plugin }.sorted { $0.n < $1.n }
            series.append(Figure.Series.points(label: plugin, x: rows.map { Double($0.n) }, y: rows.map(\.samplesPerSecond),
                                               low: rows.map(\.ciLow), high: rows.map(\.ciHigh), connected: true)
                              .colored(PlotColor.palette(i)))
        }
        var ideal: [Int: Double] = [:]
        for r in report.rows where r.ideal.isFinite { ideal[r.n] = r.ideal }
        if !ideal.isEmpty {
            let ns = ideal.keys.sorted()
            series.append(.line(label: "ideal (n / compute time)", x: ns.map(Double.init), y: ns.map { ideal[$0]! }, dashed: true))
        }
        let cost = report.costModel.keys.sorted().map { "\($0) \(report.costModel[$0]!)" }.joined(separator: ", ")
        let trials = report.rows.map(\.trials).max() ?? 0
        // Whole decades around the nodes, so that a log axis spanning less than a decade still
        // gets labeled ticks (10, 100, ...).
        let ns = report.rows.map { Double($0.n) }.filter { $0 > 0 }
        let xRange = ns.isEmpty ? nil : AxisRange(min: pow(10, floor(log10(ns.min()!))), max: pow(10, ceil(log10(ns.max()!))))
        return Figure(name: name,
                      title: "simulated throughput, \(report.task), \(trials) trials per point (95% CI)"
                          + "\ncost model: " + (cost.isEmpty ? "defaults" : cost),
                      xLabel: "nodes n", yLabel: Figure.axisLabel("throughput", unit: "samples per simulated second"),
                      logX: true, logY: true, xRange: xRange, series: series, key: .below)
    }
}
