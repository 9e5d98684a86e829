import Foundation
import PopBenchCore
import PopBenchOptimization
import PopBenchPlot

/// F3: small-scale replica of the seed's ImageNet accuracy experiment (accuracy against steps at
/// 32 nodes); F4 is in `WallClockFigures`.
enum ReplicaFigures {
    static let algorithms = ["popsgd", "localsgd", "psgd", "adpsgd", "sgp"]

    /// F3's costs: the Cray Aries preset and the digits CNN's measured time per batch-32 SGD step
    /// (PyTorch, one CPU thread: 1.58 ms; notes/toolchain.md). The model is 4d bytes.
    static func cnnCosts() throws -> [String: String] {
        try NetworkProfile.expand(["network": "aries", "compute-time": "0.00158"])
    }

    static let f3 = PaperFigure(id: "F3", summary: "CNN on digits at 32 nodes: test accuracy against steps and simulated wall clock") { ctx in
        let exp = FigureContext.Experiment(plugins: algorithms, task: "cnn", sizes: [32], trials: ctx.quick ? 3 : 5,
                                           overrides: try cnnCosts(), budget: ctx.quick ? 60 : nil)
        let a = try ctx.run(exp, id: "F3")
        var figures: [Figure] = []
        for clock in [Clock.parallel, .wall] {
            let curves = a.curves.filter { $0.metric == a.task.primaryMetric && $0.clock == clock }
            figures.append(Figure(name: clock == .parallel ? "F3" : "F3-wall",
                                  title: "F3: CNN on digits, 32 nodes: test accuracy vs \(clock == .parallel ? "steps per node" : "simulated wall clock (Aries)")\n\(exp.trials) trials per curve, mean and 95% CI",
                                  xLabel: clock == .parallel ? "steps per node (parallel time)" : clock.label,
                                  yLabel: "test accuracy", logX: false, logY: false, yRange: AxisRange(min: 0, max: 1),
                                  series: curves.map { .curve($0, label: $0.plugin) }, key: .bottomRight))
        }
        var lines = ["Experiment: \(exp.statement) (conv16-conv32-pool-linear, batch 32).",
                     "Final test accuracy (mean, 95% t-CI):"]
        for row in a.report.rows where row.metric.hasPrefix("final_") {
            lines.append("\(row.plugin): \(Caption.value(row.mean, row.ciLow, row.ciHigh)).")
        }
        // Time to accuracy on the wall clock, end to end (throughput times statistical efficiency):
        // where each mean accuracy curve first reaches 90% (the quick runs stop before 97%).
        var reach: [String] = []
        for curve in a.curves where curve.clock == .wall && curve.metric == a.task.primaryMetric {
            let k = curve.mean.firstIndex { $0 >= 0.9 }
            reach.append("\(curve.plugin) " + (k.map { "\(ReportFormatter.short(curve.x[$0])) s" } ?? "not within \(ReportFormatter.short(curve.x.last ?? 0)) s"))
        }
        lines.append("Simulated wall-clock seconds until the mean test accuracy first reaches 90% (Cray Aries preset, 1.58 ms per batch-32 gradient, the digits CNN's PyTorch time on one CPU thread; model 4d = 39.7 kB): "
                     + reach.joined(separator: "; ") + ".")
        for c in a.report.comparisons {
            lines.append("\(c.plugin) vs \(c.baseline): time to target ratio (speedup) \(Caption.value(c.ratio, c.ciLow, c.ciHigh)) on the \(c.clock) clock.")
        }
        lines.append(Caption.setting(ctx.quick))
        return .init(figures: figures, caption: lines.joined(separator: "\n"))
    }
}
