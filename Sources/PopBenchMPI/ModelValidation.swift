import Foundation
import PopBenchCore
import PopBenchOptimization

/// Simulated against measured: for each algorithm of a `validate-model` run, the throughput
/// (gradient evaluations per second of wall time, per trial: grads / wall) and the wall-clock
/// time to target, as the cost model under a calibrated profile predicts them and as the MPI
/// ranks measured them.
public enum ModelValidation {
    /// One algorithm at one n.
    public struct Row: Sendable, Codable {
        public var plugin: String
        public var n: Int
        public var trials: Int
        /// Samples (gradient evaluations) per second: mean over trials and its 95% t-interval.
        public var predictedSamplesPerSecond: Double
        public var predictedSamplesCI: [Double]
        public var measuredSamplesPerSecond: Double
        public var measuredSamplesCI: [Double]
        /// measured / predicted throughput.
        public var samplesRatio: Double
        /// Wall-clock seconds to the target: median over trials and its bootstrap 95% CI
        /// (infinite when fewer than half the trials settled).
        public var predictedTimeToTarget: Double
        public var predictedTimeCI: [Double]
        public var measuredTimeToTarget: Double
        public var measuredTimeCI: [Double]
        /// The model's terms per gradient and node (compute c, latency, bandwidth; seconds, constant
        /// compute, free links) and each one's share of the measured time per gradient and node
        /// (n / measured samples per second); `waits`, under a calibrated profile, the part of the
        /// latency that is the pattern's measured wait after a step; `unmodelled` is 1 minus their
        /// sum: what the model does not charge.
        public var terms: [String: Double] = [:]
        public var shares: [String: Double] = [:]
        /// The `CommunicationPattern` (raw value) the cell was priced by; nil: no communication.
        public var pattern: String? = nil

        enum CodingKeys: String, CodingKey {
            case plugin, n, trials
            case predictedSamplesPerSecond = "predicted_samples_per_s", predictedSamplesCI = "predicted_samples_ci"
            case measuredSamplesPerSecond = "measured_samples_per_s", measuredSamplesCI = "measured_samples_ci"
            case samplesRatio = "samples_ratio"
            case predictedTimeToTarget = "predicted_time_to_target", predictedTimeCI = "predicted_time_ci"
            case measuredTimeToTarget = "measured_time_to_target", measuredTimeCI = "measured_time_ci"
            case terms, shares, pattern
        }
    }

    /// Pairs the simulated and the real run of one spec (same cells) into rows. `waitFractions`
    /// (by cell index): the part of the cell's latency that is its pattern's measured wait after
    /// a step, split out of the `latency` term as `waits`.
    public static func rows(spec: ExperimentSpec, simulated: [TrialRecord], simulatedReport: Report,
                            measured: [TrialRecord], measuredReport: Report, waitFractions: [Int: Double] = [:]) throws -> [Row] {
        try spec.cells.enumerated().map { c, cell in
            let (ps, pci) = try throughput(simulated.filter { $0.cell == c })
            let (ms, mci) = try throughput(measured.filter { $0.cell == c })
            let pt = timeToTarget(simulatedReport, cell: cell), mt = timeToTarget(measuredReport, cell: cell)
            var row = Row(plugin: cell.plugin, n: cell.n, trials: spec.trials,
                          predictedSamplesPerSecond: ps, predictedSamplesCI: pci, measuredSamplesPerSecond: ms,
                          measuredSamplesCI: mci, samplesRatio: ms / ps,
                          predictedTimeToTarget: pt.0, predictedTimeCI: pt.1, measuredTimeToTarget: mt.0, measuredTimeCI: mt.1)
            if var t = try? terms(cell) {
                if let f = waitFractions[c], let lat = t["latency"] {
                    t["waits"] = lat * f; t["latency"] = lat * (1 - f)
                }
                row.terms = t
                let measured = Double(MPIAlgorithms.standard.ranks(plugin: cell.plugin, n: cell.n)) / ms
                var modelled = 0.0
                for (k, v) in t { row.shares[k] = v / measured; modelled += v }
                row.shares["unmodelled"] = 1 - modelled / measured
            }
            return row
        }
    }

    /// The cost model's seconds per gradient and node of `cell`'s algorithm, by term, under
    /// constant compute with free links (the closed forms the wall-clock tests check): compute
    /// c; latency and bandwidth of its messages divided over the gradients they serve (psgd: a
    /// ring or tree all-reduce per gradient; localsgd: one per H; popsgd: one get per H; dpsgd:
    /// alpha + deg M/beta per round; sgp: one push per round; sgd: none).
    public static func terms(_ cell: Cell) throws -> [String: Double] {
        let cost = try CostModel(cell.config, dimension: 1)
        let n = cell.n, c = cost.computeTime, a = cost.latency, b = cost.modelBytes / cost.bandwidth
        let m = Double(n - 1)
        func allReduce() -> (Double, Double) {
            let lat = cost.allReduceAlgorithm == .ring ? 2 * m * a : 2 * Double(CostModel.ceilLog2(n)) * a
            return (lat, 2 * (m / Double(n)) * b)
        }
        var lat = 0.0, bw = 0.0
        switch cell.plugin {
        case "psgd": (lat, bw) = allReduce()
        case "localsgd":
            let h = Double(cell.config.int("local-steps"))
            (lat, bw) = allReduce(); lat /= h; bw /= h
        case "popsgd":
            let h = Double(cell.config.int("local-steps"))
            lat = a / h; bw = b / h
        case "dpsgd":
            let topo = Topology(try Topology.kind(cell.config.string("topology")), n: n)
            lat = a; bw = Double(topo.neighbors.count) / Double(n) * b
        case "sgp": lat = a; bw = b
        default: break
        }
        return ["compute": c, "latency": lat, "bandwidth": bw]
    }

    static func throughput(_ records: [TrialRecord]) throws -> (Double, [Double]) {
        let v = records.compactMap { r -> Double? in
            guard let g = r.outcomes["grads"], let w = r.outcomes["wall"], w > 0 else { return nil }
            return g / w
        }
        guard !v.isEmpty else { return (.nan, [.nan, .nan]) }
        guard v.count >= 2 else { return (v[0], [.nan, .nan]) }
        let ci = try Statistics.meanInterval(v)
        return (Statistics.mean(v), [ci.low, ci.high])
    }

    static func timeToTarget(_ report: Report, cell: Cell) -> (Double, [Double]) {
        guard let row = report.rows.first(where: {
            $0.plugin == cell.plugin && $0.n == cell.n && $0.metric == "time_to_target" && $0.clock == Clock.wall.rawValue
        }) else { return (.nan, [.nan, .nan]) }
        return (row.median, [row.ciLow, row.ciHigh])
    }

    /// The table for people.
    public static func text(_ rows: [Row]) -> String {
        var t = TextTable(["plugin", "n", "priced by", "trials", "samples/s predicted [95% CI]", "measured [95% CI]", "meas/pred",
                           "time to target (s) predicted [CI]", "measured [CI]",
                           "share of measured time per gradient: compute / latency / waits / bandwidth / unmodelled"])
        func s(_ x: Double) -> String { ReportFormatter.short(x) }
        for r in rows {
            t.add([r.plugin, String(r.n), r.pattern ?? "-", String(r.trials),
                   "\(s(r.predictedSamplesPerSecond)) [\(s(r.predictedSamplesCI[0])), \(s(r.predictedSamplesCI[1]))]",
                   "\(s(r.measuredSamplesPerSecond)) [\(s(r.measuredSamplesCI[0])), \(s(r.measuredSamplesCI[1]))]",
                   s(r.samplesRatio),
                   "\(s(r.predictedTimeToTarget)) [\(s(r.predictedTimeCI[0])), \(s(r.predictedTimeCI[1]))]",
                   "\(s(r.measuredTimeToTarget)) [\(s(r.measuredTimeCI[0])), \(s(r.measuredTimeCI[1]))]",
                   ["compute", "latency", "waits", "bandwidth", "unmodelled"].map { k in
                       r.shares[k].map { String(format: "%.0f%%", 100 * $0) } ?? "-" }.joined(separator: " / ")])
        }
        return t.render()
    }
}
