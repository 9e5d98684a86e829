import Foundation
import PopBenchCore
import PopBenchOptimization
import PopBenchPlot

/// F3 and F4: small-scale replicas of the seed's ImageNet experiments (accuracy against steps at
/// 32 nodes; throughput at 16 to 64 nodes).
enum ReplicaFigures {
    static let algorithms = ["popsgd", "localsgd", "psgd", "adpsgd", "sgp"]

    static let f3 = PaperFigure(id: "F3", summary: "CNN on digits at 32 nodes: test accuracy against steps and simulated wall clock") { ctx in
        let exp = FigureContext.Experiment(plugins: algorithms, task: "cnn", sizes: [32], trials: ctx.quick ? 2 : 5,
                                           budget: ctx.quick ? 60 : nil)
        let a = try ctx.run(exp, id: "F3")
        var figures: [Figure] = []
        for clock in [Clock.parallel, .wall] {
            let curves = a.curves.filter { $0.metric == a.task.primaryMetric && $0.clock == clock }
            figures.append(Figure(name: clock == .parallel ? "F3" : "F3-wall",
                                  title: "F3: CNN on digits, 32 nodes: test accuracy vs \(clock == .parallel ? "steps per node" : "simulated wall clock")\n\(exp.trials) trials per curve, mean and 95% CI",
                                  xLabel: clock == .parallel ? "steps per node (parallel time)" : clock.label,
                                  yLabel: "test accuracy", logX: false, logY: false,
                                  series: curves.map { .curve($0, label: $0.plugin) }, key: .bottomRight))
        }
        var lines = ["Experiment: \(exp.statement) (conv16-conv32-pool-linear, batch 32).",
                     "Final test accuracy (mean, 95% t-CI):"]
        for row in a.report.rows where row.metric.hasPrefix("final_") {
            lines.append("\(row.plugin): \(Caption.value(row.mean, row.ciLow, row.ciHigh)).")
        }
        for c in a.report.comparisons {
            lines.append("\(c.plugin) vs \(c.baseline): time to target ratio (speedup) \(Caption.value(c.ratio, c.ciLow, c.ciHigh)) on the \(c.clock) clock.")
        }
        lines.append(Caption.setting(ctx.quick))
        return .init(figures: figures, caption: lines.joined(separator: "\n"))
    }

    /// The cost model of F4: a ResNet-18-sized model (11.7M Float32 parameters) on a 10 Gbit/s
    /// network with 1 ms latency, 100 ms mean compute per minibatch gradient.
    static let f4Costs = ["model-bytes": "46800000", "latency": "0.001", "compute-time": "0.1"]

    static let f4 = PaperFigure(id: "F4", summary: "Throughput against nodes (16, 32, 64) under the cost model") { ctx in
        let sizes = [16, 32, 64]
        let seeds = ctx.quick ? 3 : 10
        ctx.log("F4: throughput of \(algorithms.joined(separator: ", ")) at n = 16, 32, 64, \(seeds) seeds")
        var series: [Figure.Series] = []
        var lines = ["Experiment: simulated samples per second (gradient evaluations / simulated wall clock) of each algorithm over a short run, \(seeds) seeds per point; cost model: model 46.8 MB (ResNet-18), latency 1 ms, bandwidth 10 Gbit/s, 0.1 s per gradient."]
        for (i, name) in algorithms.enumerated() {
            var means: [Double] = [], lows: [Double] = [], highs: [Double] = []
            for n in sizes {
                let values = try (0..<seeds).map { s in
                    try Throughput.measure(plugin: name, n: n, overrides: f4Costs, seed: ctx.seed &+ UInt64(s)).samplesPerSecond
                }
                let ci = (try? Statistics.meanInterval(values)) ?? Interval(low: values[0], high: values[0], level: 0.95)
                means.append(Statistics.mean(values)); lows.append(ci.low); highs.append(ci.high)
            }
            series.append(Figure.Series.points(label: name, x: sizes.map(Double.init), y: means, low: lows, high: highs,
                                               connected: true).colored(PlotColor.palette(i)))
            lines.append("\(name): " + zip(sizes, means).map { "n = \($0): \(ReportFormatter.short($1)) samples/s" }.joined(separator: ", ")
                         + String(format: "; scaling 16 -> 64: %.2fx (ideal 4x).", means[2] / means[0]))
        }
        lines.append(Caption.setting(ctx.quick))
        let figure = Figure(name: "F4", title: "F4: simulated throughput vs nodes\nResNet-18-sized model, 1 ms latency, \(seeds) seeds per point (mean, 95% CI)",
                            xLabel: "nodes n", yLabel: "samples per simulated second", logX: true, logY: true,
                            series: series, key: .topLeft)
        return .init(figures: [figure], caption: lines.joined(separator: "\n"))
    }
}
