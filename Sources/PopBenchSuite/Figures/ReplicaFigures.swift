import Foundation
import PopBenchCore
import PopBenchOptimization
import PopBenchPlot

/// F3: small-scale replica of the seed's ImageNet accuracy experiment (accuracy against steps at
/// 32 nodes); F4 is in `WallClockFigures`.
enum ReplicaFigures {
    /// Every distributed algorithm of the registry with a wall clock (the seed's figure, plus D-PSGD).
    static func algorithms(_ registry: Registry) -> [String] { Catalog.distributedAlgorithms(on: .wall, in: registry) }

    /// F3's costs: the Cray Aries preset and the digits CNN's measured time per batch-32 SGD step
    /// (PyTorch, one CPU thread: 1.58 ms; notes/toolchain.md). The model is 4d bytes.
    static func cnnCosts() throws -> [String: String] {
        try NetworkProfile.expand(["network": "aries", "compute-time": "0.00158"])
    }

    static let f3 = PaperFigure(id: "F3", summary: "CNN on digits at 32 nodes: mean node test accuracy against gradient evaluations per node and simulated wall clock (Aries)") { ctx in
        let exp = FigureContext.Request(plugins: algorithms(ctx.registry), task: "cnn", sizes: [32], trials: ctx.quick ? 3 : 5,
                                           overrides: try cnnCosts(), budget: ctx.quick ? 60 : nil)
        let a = try ctx.run(exp, id: "F3")
        var figures: [Figure] = []
        let metric = Quality.nodesMean.seriesName(of: a.task.primaryMetric ?? "accuracy")
        for clock in [Clock.nodeSteps, .wall] {
            let curves = a.curves.filter { $0.metric == metric && $0.clock == clock }
            var figure = Figure(name: clock == .nodeSteps ? "F3" : "F3-wall",
                                title: "F3: CNN on digits, 32 nodes: mean node test accuracy vs \(clock == .nodeSteps ? "gradients per node" : "simulated wall clock (Aries)")\n\(exp.trials) trials per curve, mean and 95% CI",
                                xLabel: clock.label,
                                yLabel: "test accuracy (mean over nodes)", logX: false, logY: false, yRange: AxisRange(min: 0, max: 1),
                                series: curves.map { .curve($0, label: $0.plugin) }, key: .below)
            figure.valueRange = AxisRange(min: 0, max: 1)  // an accuracy: bands stay within [0, 1]
            figures.append(figure)
        }
        var lines = ["Experiment: \(exp.statement) (conv16-conv32-pool-linear, batch 32); popsgd with its default one-sided averaging (the reference code's rule).",
                     "Final test accuracy (mean, 95% t-CI) of the average model (avg), the mean node and the worst node:"]
        for row in a.report.rows where row.metric.hasPrefix("final_accuracy") {
            lines.append("\(row.plugin) \(row.quality ?? ""): \(Caption.value(row.mean, row.ciLow, row.ciHigh)).")
        }
        // Time to accuracy on the wall clock, end to end (throughput times statistical efficiency):
        // where each mean-node accuracy curve first reaches 90% (the quick runs stop before 97%).
        var reach: [String] = []
        for curve in a.curves where curve.clock == .wall && curve.metric == metric {
            let k = curve.mean.firstIndex { $0 >= 0.9 }
            reach.append("\(curve.plugin) " + (k.map { "\(ReportFormatter.short(curve.x[$0])) s" } ?? "not within \(ReportFormatter.short(curve.x.last ?? 0)) s"))
        }
        lines.append("Simulated wall-clock seconds until the mean node test accuracy first reaches 90% (Cray Aries preset, 1.58 ms per batch-32 gradient, the digits CNN's PyTorch time on one CPU thread; model 4d = 39.7 kB): "
                     + reach.joined(separator: "; ") + ".")
        for c in a.report.comparisons where c.clock == Clock.nodeSteps.rawValue || c.clock == Clock.wall.rawValue {
            lines.append("\(c.plugin) vs \(c.baseline): time to target ratio (speedup) \(Caption.value(c.ratio, c.ciLow, c.ciHigh)) on the \(c.clock) clock.")
        }
        lines.append(Caption.setting(ctx.quick))
        return .init(figures: figures, caption: lines.joined(separator: "\n"))
    }
}
