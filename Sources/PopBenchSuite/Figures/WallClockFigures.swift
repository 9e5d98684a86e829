import Foundation
import PopBenchCore
import PopBenchOptimization
import PopBenchPlot

/// F4 and F4b: the seed paper's speed experiment (ResNet-18 on ImageNet at 16-64 nodes on Piz
/// Daint) on the discrete-event wall clock, and where each algorithm wins as latency and model
/// size vary.
enum WallClockFigures {
    /// The algorithms of the seed's speed figure, plus D-PSGD: every distributed algorithm of
    /// the registry with a wall clock.
    static func algorithms(_ registry: Registry) -> [String] { Catalog.distributedAlgorithms(on: .wall, in: registry) }

    /// F4's cost model: the Aries preset, a ResNet-18-sized model, constant compute.
    /// - model-bytes: ResNet-18 has 11.69M parameters (He et al., CVPR 2016, Table 1), 46.8 MB
    ///   in Float32.
    /// - compute-time: seconds per minibatch gradient of ResNet-18, batch 128, on one NVIDIA P100
    ///   (a Piz Daint node): 1.82 GFLOP per image forward (He et al. 2016, Table 1), about 3x that
    ///   for forward plus backward, so 128 x 5.5 GFLOP = 0.70 TFLOP per batch; at 3.5 TFLOP/s
    ///   sustained (38% of the P100's 9.3 TFLOP/s single-precision peak, NVIDIA P100 datasheet)
    ///   about 0.2 s. An estimate stated, not tuned: every algorithm gets the same compute time.
    static let f4Costs = ["network": "aries", "model-bytes": "46800000", "compute-time": "0.2", "compute": "constant"]

    static let f4 = PaperFigure(id: "F4", summary: "Throughput against nodes (16, 32, 64): ResNet-18-sized model on the Cray Aries preset") { ctx in
        let algorithms = WallClockFigures.algorithms(ctx.registry)
        let request = Throughput.Request(plugins: algorithms, nodes: [16, 32, 64], task: "linreg",
                                         trials: ctx.quick ? 3 : 10, overrides: f4Costs, seed: ctx.seed)
        ctx.log("F4: throughput of \(algorithms.joined(separator: ", ")) at n = 16, 32, 64, \(request.trials) trials")
        let rows = try Throughput.run(request, registry: ctx.registry)
        var figure = ThroughputFigure.figure(Throughput.Report(request: request, rows: rows), name: "F4")
        figure.title = "F4: simulated throughput vs nodes, \(request.trials) trials per point (95% CI)"
            + "\nResNet-18 (46.8 MB), 0.2 s per batch, Cray Aries (1.3 us, 10 GB/s); popsgd one-sided"
        let aries = try NetworkProfile.resolve("aries")
        var lines = ["Experiment: simulated samples per second (gradient evaluations / simulated wall clock, discrete-event model of each algorithm as deployed) over \(ReportFormatter.short(request.budget)) units of parallel time, \(request.trials) trials per point. Costs: model 46.8 MB (ResNet-18, He et al. 2016), 0.2 s per batch-128 gradient (a P100 estimate: 0.70 TFLOP at 3.5 TFLOP/s), constant compute, network preset aries (\(aries.source)); popsgd with one-sided gets (the reference code), all-reduce ring."]
        for name in algorithms {
            let r = rows.filter { $0.plugin == name }.sorted { $0.n < $1.n }
            guard let first = r.first, let last = r.last else { continue }
            lines.append("\(name): " + r.map { "n = \($0.n): \(Caption.value($0.samplesPerSecond, $0.ciLow, $0.ciHigh))" }.joined(separator: ", ")
                         + String(format: "; scaling %d -> %d: %.2fx (ideal %.0fx); efficiency at n = %d: %.3f.",
                                  first.n, last.n, last.samplesPerSecond / first.samplesPerSecond,
                                  Double(last.n) / Double(first.n), last.n, last.efficiency))
        }
        let at64 = rows.filter { $0.n == 64 }.sorted { $0.samplesPerSecond > $1.samplesPerSecond }
        lines.append("Ordering at n = 64 (samples/s): " + at64.map { "\($0.plugin) \(ReportFormatter.short($0.samplesPerSecond))" }.joined(separator: " > ") + ".")
        lines.append(Caption.setting(ctx.quick))
        return .init(figures: [figure], caption: lines.joined(separator: "\n"))
    }

    /// The grid of F4b: latency alpha (s) and model size M (bytes).
    static let latencies = [1e-6, 1e-5, 1e-4, 1e-3, 1e-2, 1e-1]
    static let modelSizes = [1e5, 1e6, 1e7, 4.68e7, 1e8, 1e9, 1e10]

    static let f4Regions = PaperFigure(id: "F4b", summary: "Who has the highest throughput at n = 64, by latency and model size") { ctx in
        let algorithms = WallClockFigures.algorithms(ctx.registry)
        let trials = ctx.quick ? 2 : 5
        ctx.log("F4b: \(algorithms.count) algorithms at n = 64 on a \(latencies.count) x \(modelSizes.count) grid, \(trials) trials per cell")
        var winners: [String: (x: [Double], y: [Double])] = [:]
        var lines = ["Experiment: at n = 64, each algorithm's simulated samples per second (mean of \(trials) trials, \(trials) seeds) for each latency alpha and model size M; bandwidth 10 GB/s (the aries preset), 0.2 s per gradient (F4's ResNet-18 estimate), constant compute; the point shows the winner, the caption the runner-up and the margin."]
        for m in modelSizes {
            for a in latencies {
                let request = Throughput.Request(plugins: algorithms, nodes: [64], task: "linreg", budget: 30, trials: trials,
                                                 overrides: ["network": "aries", "latency": formatReal(a), "model-bytes": formatReal(m),
                                                             "compute-time": "0.2", "compute": "constant"],
                                                 seed: ctx.seed)
                let rows = try Throughput.run(request, registry: ctx.registry).sorted { $0.samplesPerSecond > $1.samplesPerSecond }
                guard rows.count >= 2 else { continue }
                winners[rows[0].plugin, default: ([], [])].x.append(a)
                winners[rows[0].plugin, default: ([], [])].y.append(m)
                let margin = String(format: "%.1f", 100 * (1 - rows[1].samplesPerSecond / rows[0].samplesPerSecond))
                lines.append("alpha = \(formatReal(a)) s, M = \(formatReal(m)) B: \(rows[0].plugin) "
                             + "\(ReportFormatter.short(rows[0].samplesPerSecond)) samples/s, then \(rows[1].plugin) (\(margin)% less).")
            }
        }
        var series: [Figure.Series] = []
        for (i, name) in algorithms.enumerated() {
            guard let w = winners[name] else { continue }
            series.append(Figure.Series.points(label: "\(name) fastest", x: w.x, y: w.y, low: w.y, high: w.y).colored(PlotColor.palette(i)))
        }
        let figure = Figure(name: "F4b", title: "F4b: fastest algorithm (samples/s) at n = 64 by latency and model size"
                                + "\n10 GB/s, 0.2 s per gradient, \(trials) trials per cell (ResNet-18 on Aries: about 1e-6 s, 4.7e7 B)",
                            xLabel: "latency alpha (s)", yLabel: "model size M (bytes)", logX: true, logY: true,
                            xRange: AxisRange(min: 3e-7, max: 3e-1), yRange: AxisRange(min: 3e4, max: 3e10),
                            series: series, key: .below)
        lines.append(Caption.setting(ctx.quick))
        return .init(figures: [figure], caption: lines.joined(separator: "\n"))
    }
}
