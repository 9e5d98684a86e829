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

    /// One algorithm in one F4b cell: wall-clock seconds to the task's target (median over the
    /// trials, bootstrap CI; infinite when fewer than half settled) and samples per second (mean, t-CI).
    struct CellResult {
        var plugin: String
        var time: Double, timeLow: Double, timeHigh: Double
        var successes: Int, trials: Int
        var rate: Double, rateLow: Double, rateHigh: Double
    }

    /// The ranking of one cell by a measure (smaller or larger is better): the winner, or a tie
    /// of every algorithm whose interval overlaps the best one's.
    static func rank(_ results: [CellResult], by value: (CellResult) -> (Double, Double, Double),
                     smallerIsBetter: Bool) -> (winners: [String], runnerUp: String?) {
        let sorted = results.filter { value($0).0.isFinite }.sorted {
            smallerIsBetter ? value($0).0 < value($1).0 : value($0).0 > value($1).0
        }
        guard let best = sorted.first else { return ([], nil) }
        let (_, lo, hi) = value(best)
        let tied = sorted.filter { r in
            let (_, l, h) = value(r)
            return r.plugin == best.plugin || (l.isFinite && h.isFinite && lo.isFinite && hi.isFinite && l <= hi && lo <= h)
        }
        return (tied.map(\.plugin), sorted.first { !tied.map(\.plugin).contains($0.plugin) }?.plugin)
    }

    /// Runs every algorithm of F4b's cell (alpha, M) at n = 64 on linreg to its default target
    /// (each algorithm its own study: its own parameters; sgp with overlap, OSGP, as deployed for
    /// speed) and returns, per algorithm, the wall-clock time to target and the throughput.
    static func cell(latency a: Double, modelBytes m: Double, trials: Int, budget: Double?, seed: UInt64,
                     registry: Registry) throws -> [CellResult] {
        var out: [CellResult] = []
        for name in algorithms(registry) {
            let (_, specs) = try Throughput.resolve(plugin: name, task: "linreg", registry: registry)
            let costs = try NetworkProfile.expand(["network": "aries", "latency": formatReal(a), "model-bytes": formatReal(m),
                                                   "compute-time": "0.2", "compute": "constant", "overlap": "true"])
            let request = StudyRequest(command: "figures", experiment: "F4b", plugins: [name], task: "linreg", sizes: [64],
                                       overrides: costs.filter { k, _ in specs.contains { $0.name == k } },
                                       budget: budget, trials: trials, seed: seed, keepSeries: true)
            let study = Study(registry: registry)
            let plan = try study.plan(request)
            let records = try study.run(plan)
            var analyzer = Analyzer(registry: registry, spec: plan.spec)
            analyzer.clock = .wall
            let report = try analyzer.analyze(records, runID: "F4b", resultsDir: "", plotsDir: nil).report
            guard let row = report.rows.first(where: { $0.metric == "time_to_target" && $0.clock == Clock.wall.rawValue }) else { continue }
            let rates = records.map { Throughput.point($0).samplesPerSecond }
            let mean = Statistics.mean(rates)
            let ci = (try? Statistics.meanInterval(rates)) ?? Interval(low: mean, high: mean, level: 0.95)
            out.append(CellResult(plugin: name, time: row.median, timeLow: row.ciLow, timeHigh: row.ciHigh,
                                  successes: row.successes, trials: row.trials, rate: mean, rateLow: ci.low, rateHigh: ci.high))
        }
        return out
    }

    static let f4Regions = PaperFigure(id: "F4b", summary: "Who reaches the target first on the wall clock at n = 64, by latency and model size (throughput as a second panel)") { ctx in
        let algorithms = WallClockFigures.algorithms(ctx.registry)
        let trials = ctx.quick ? 2 : 5
        let lats = ctx.quick ? [1e-6, 1e-4, 1e-2] : latencies
        let sizes = ctx.quick ? [1e5, 4.68e7, 1e9] : modelSizes
        ctx.log("F4b: \(algorithms.count) algorithms at n = 64 on a \(lats.count) x \(sizes.count) grid, \(trials) trials per cell, each run to linreg's default target")
        var timeWinners: [String: (x: [Double], y: [Double])] = [:], rateWinners: [String: (x: [Double], y: [Double])] = [:]
        var lines = ["Experiment: at n = 64 on linreg, each algorithm run to the task's default target (\(trials) trials, same seeds) for each latency alpha and model size M; bandwidth 10 GB/s (the aries preset), 0.2 s per gradient (F4's ResNet-18 estimate), constant compute; sgp with overlap (OSGP) and the reference graph, popsgd one-sided. Each node's link serves one transfer at a time (DeploymentSimulator.transfer), so many readers of one node queue. Panel 1 ranks by the median wall-clock time to target (what a user waits for; bootstrap 95% CIs), panel 2 by samples per second (mean, t-CI), which counts a stale gradient as much as a fresh one. Where the best interval overlaps another algorithm's the cell is a tie, drawn for each tied algorithm."]
        for m in sizes {
            for a in lats {
                let results = try cell(latency: a, modelBytes: m, trials: trials, budget: nil, seed: ctx.seed, registry: ctx.registry)
                let byTime = rank(results, by: { ($0.time, $0.timeLow, $0.timeHigh) }, smallerIsBetter: true)
                let byRate = rank(results, by: { ($0.rate, $0.rateLow, $0.rateHigh) }, smallerIsBetter: false)
                for w in byTime.winners { timeWinners[w, default: ([], [])].x.append(a); timeWinners[w, default: ([], [])].y.append(m) }
                for w in byRate.winners { rateWinners[w, default: ([], [])].x.append(a); rateWinners[w, default: ([], [])].y.append(m) }
                func t(_ r: CellResult) -> String {
                    r.time.isFinite ? "\(r.plugin) \(Caption.value(r.time, r.timeLow, r.timeHigh)) s" : "\(r.plugin) not reached (\(r.successes)/\(r.trials))"
                }
                let order = results.sorted { $0.time < $1.time }
                lines.append("alpha = \(formatReal(a)) s, M = \(formatReal(m)) B: time to target "
                             + (byTime.winners.count > 1 ? "tie of \(byTime.winners.joined(separator: ", "))" : "\(byTime.winners.first ?? "none")")
                             + " (" + order.map(t).joined(separator: "; ") + "); samples/s "
                             + (byRate.winners.count > 1 ? "tie of \(byRate.winners.joined(separator: ", "))" : "\(byRate.winners.first ?? "none")")
                             + " (" + results.sorted { $0.rate > $1.rate }.map { "\($0.plugin) \(ReportFormatter.short($0.rate))" }.joined(separator: ", ") + ").")
            }
        }
        func panel(_ winners: [String: (x: [Double], y: [Double])], name: String, title: String) -> Figure {
            var series: [Figure.Series] = []
            for (i, algo) in algorithms.enumerated() {
                guard let w = winners[algo] else { continue }
                series.append(Figure.Series.points(label: "\(algo) best or tied", x: w.x, y: w.y, low: w.y, high: w.y).colored(PlotColor.palette(i)))
            }
            return Figure(name: name, title: title + "\n10 GB/s, 0.2 s per gradient, \(trials) trials per cell (ResNet-18 on Aries: about 1e-6 s, 4.7e7 B)",
                          xLabel: "latency alpha (s)", yLabel: "model size M (bytes)", logX: true, logY: true,
                          xRange: AxisRange(min: 3e-7, max: 3e-1), yRange: AxisRange(min: 3e4, max: 3e10),
                          series: series, key: .below)
        }
        lines.append(Caption.setting(ctx.quick))
        return .init(figures: [panel(timeWinners, name: "F4b", title: "F4b: first to the target on the wall clock at n = 64 by latency and model size"),
                               panel(rateWinners, name: "F4b-throughput", title: "F4b, second panel: highest samples/s at n = 64 by latency and model size")],
                     caption: lines.joined(separator: "\n"))
    }
}
