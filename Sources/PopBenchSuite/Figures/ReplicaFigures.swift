import Foundation
import PopBenchCore
import PopBenchOptimization
import PopBenchPlot

/// F3 and F4: small-scale replicas of the seed's ImageNet experiments (accuracy against steps at
/// 32 nodes; throughput at 16 to 64 nodes).
enum ReplicaFigures {
    static let algorithms = ["popsgd", "localsgd", "psgd", "adpsgd", "sgp"]

    static let f3 = PaperFigure(id: "F3", summary: "CNN on digits at 32 nodes: mean node test accuracy against gradient evaluations per node and simulated wall clock") { ctx in
        let exp = FigureContext.Experiment(plugins: algorithms, task: "cnn", sizes: [32], trials: ctx.quick ? 3 : 5,
                                           budget: ctx.quick ? 60 : nil)
        let a = try ctx.run(exp, id: "F3")
        var figures: [Figure] = []
        let metric = Quality.nodesMean.seriesName(of: a.task.primaryMetric ?? "accuracy")
        for clock in [Clock.nodeSteps, .wall] {
            let curves = a.curves.filter { $0.metric == metric && $0.clock == clock }
            var figure = Figure(name: clock == .nodeSteps ? "F3" : "F3-wall",
                                title: "F3: CNN on digits, 32 nodes: mean node test accuracy vs \(clock == .nodeSteps ? "gradients per node" : "simulated wall clock")\n\(exp.trials) trials per curve, mean and 95% CI",
                                xLabel: clock.label,
                                yLabel: "test accuracy (mean over nodes)", logX: false, logY: false, yRange: AxisRange(min: 0, max: 1),
                                series: curves.map { .curve($0, label: $0.plugin) }, key: .below)
            figure.valueRange = AxisRange(min: 0, max: 1)  // an accuracy: bands stay within [0, 1]
            figures.append(figure)
        }
        var lines = ["Experiment: \(exp.statement) (conv16-conv32-pool-linear, batch 32).",
                     "Final test accuracy (mean, 95% t-CI) of the average model (avg), the mean node and the worst node:"]
        for row in a.report.rows where row.metric.hasPrefix("final_accuracy") {
            lines.append("\(row.plugin) \(row.quality ?? ""): \(Caption.value(row.mean, row.ciLow, row.ciHigh)).")
        }
        for c in a.report.comparisons where c.clock == Clock.nodeSteps.rawValue || c.clock == Clock.wall.rawValue {
            lines.append("\(c.plugin) vs \(c.baseline): time to target ratio (speedup) \(Caption.value(c.ratio, c.ciLow, c.ciHigh)) on the \(c.clock) clock.")
        }
        lines.append(Caption.setting(ctx.quick))
        return .init(figures: figures, caption: lines.joined(separator: "\n"))
    }

    /// The cost model of F4: a ResNet-18-sized model (11.7M Float32 parameters) on a 10 Gbit/s
    /// network with 1 ms latency, 100 ms mean compute per minibatch gradient.
    static let f4Costs = ["model-bytes": "46800000", "latency": "0.001", "compute-time": "0.1"]

    static let f4 = PaperFigure(id: "F4", summary: "Throughput against nodes (16, 32, 64) under the cost model") { ctx in
        let request = Throughput.Request(plugins: algorithms, nodes: [16, 32, 64], task: "linreg",
                                         trials: ctx.quick ? 3 : 10, overrides: f4Costs, seed: ctx.seed)
        ctx.log("F4: throughput of \(algorithms.joined(separator: ", ")) at n = 16, 32, 64, \(request.trials) trials")
        let rows = try Throughput.run(request)
        var figure = ThroughputFigure.figure(Throughput.Report(request: request, rows: rows), name: "F4")
        figure.title = "F4: simulated throughput vs nodes, \(request.trials) trials per point (95% CI)"
            + "\nResNet-18-sized model (46.8 MB), 1 ms latency, 10 Gbit/s, 0.1 s per gradient"
        var lines = ["Experiment: simulated samples per second (gradient evaluations / simulated wall clock) of each algorithm over \(ReportFormatter.short(request.budget)) units of parallel time on linreg, \(request.trials) trials per point; cost model: model 46.8 MB (ResNet-18), latency 1 ms, bandwidth 10 Gbit/s, 0.1 s per gradient."]
        for name in algorithms {
            let r = rows.filter { $0.plugin == name }.sorted { $0.n < $1.n }
            guard let first = r.first, let last = r.last else { continue }
            lines.append("\(name): " + r.map { "n = \($0.n): \(Caption.value($0.samplesPerSecond, $0.ciLow, $0.ciHigh))" }.joined(separator: ", ")
                         + String(format: "; scaling %d -> %d: %.2fx (ideal %.0fx); efficiency at n = %d: %.2f.",
                                  first.n, last.n, last.samplesPerSecond / first.samplesPerSecond,
                                  Double(last.n) / Double(first.n), last.n, last.efficiency))
        }
        lines.append(Caption.setting(ctx.quick))
        return .init(figures: [figure], caption: lines.joined(separator: "\n"))
    }
}
