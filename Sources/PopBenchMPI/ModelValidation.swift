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
        /// Predicted samples per second when the cell is priced by the pattern as the real run's
        /// own launch measured it (`InLaunchProbe`), measured over that, and the drift: the
        /// launch's call over the profile's (1: the host ran as fast as when calibrated). Nil
        /// without a probe. The cost-term shares are the in-launch pricing's when there is one.
        public var inLaunchSamplesPerSecond: Double? = nil
        public var inLaunchRatio: Double? = nil
        public var callDrift: Double? = nil

        enum CodingKeys: String, CodingKey {
            case plugin, n, trials
            case predictedSamplesPerSecond = "predicted_samples_per_s", predictedSamplesCI = "predicted_samples_ci"
            case measuredSamplesPerSecond = "measured_samples_per_s", measuredSamplesCI = "measured_samples_ci"
            case samplesRatio = "samples_ratio"
            case predictedTimeToTarget = "predicted_time_to_target", predictedTimeCI = "predicted_time_ci"
            case measuredTimeToTarget = "measured_time_to_target", measuredTimeCI = "measured_time_ci"
            case terms, shares, pattern
            case inLaunchSamplesPerSecond = "in_launch_predicted_samples_per_s", inLaunchRatio = "in_launch_samples_ratio"
            case callDrift = "call_drift"
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
            row.setShares(cell, measured: ms, waitFraction: waitFractions[c])
            return row
        }
    }

    /// Sets the in-launch pricing of `rows` (in `spec`'s cell order): `spec`, the cells priced by
    /// each launch's probe, simulated as `simulated`; `drifts`, each cell's launch call over the
    /// profile's; the cost-term shares become the in-launch pricing's.
    public static func addInLaunch(_ rows: inout [Row], spec: ExperimentSpec, simulated: [TrialRecord], drifts: [Int: Double],
                                   waitFractions: [Int: Double]) throws {
        for (c, cell) in spec.cells.enumerated() where drifts[c] != nil {
            let (ps, _) = try throughput(simulated.filter { $0.cell == c })
            rows[c].inLaunchSamplesPerSecond = ps
            rows[c].inLaunchRatio = rows[c].measuredSamplesPerSecond / ps
            rows[c].callDrift = drifts[c]
            rows[c].setShares(cell, measured: rows[c].measuredSamplesPerSecond, waitFraction: waitFractions[c])
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
        var t = TextTable(["plugin", "n", "priced by", "trials", "samples/s measured [95% CI]", "predicted: profile", "meas/pred",
                           "predicted: in-launch probe", "meas/pred", "call drift", "time to target (s) predicted [CI]", "measured [CI]",
                           "share of measured time per gradient: compute / latency / waits / bandwidth / unmodelled"])
        func s(_ x: Double) -> String { ReportFormatter.short(x) }
        func s(_ x: Double?) -> String { x.map { ReportFormatter.short($0) } ?? "-" }
        for r in rows {
            t.add([r.plugin, String(r.n), r.pattern ?? "-", String(r.trials),
                   "\(s(r.measuredSamplesPerSecond)) [\(s(r.measuredSamplesCI[0])), \(s(r.measuredSamplesCI[1]))]",
                   s(r.predictedSamplesPerSecond), s(r.samplesRatio), s(r.inLaunchSamplesPerSecond), s(r.inLaunchRatio), s(r.callDrift),
                   "\(s(r.predictedTimeToTarget)) [\(s(r.predictedTimeCI[0])), \(s(r.predictedTimeCI[1]))]",
                   "\(s(r.measuredTimeToTarget)) [\(s(r.measuredTimeCI[0])), \(s(r.measuredTimeCI[1]))]",
                   ["compute", "latency", "waits", "bandwidth", "unmodelled"].map { k in
                       r.shares[k].map { String(format: "%.0f%%", 100 * $0) } ?? "-" }.joined(separator: " / ")])
        }
        return t.render()
    }
}

extension ModelValidation {
    /// The order of the algorithms at each n, measured and predicted (under the in-launch
    /// pricing where every row has it, else the profile's), and the pairs the prediction
    /// reverses although their measured intervals are disjoint: a near-tie whose measured
    /// intervals overlap is no disagreement.
    public static func order(_ rows: [Row]) -> [String] {
        let groups = Dictionary(grouping: rows, by: \.n)
        return groups.keys.sorted().map { n in
            let group = groups[n]!
            let inLaunch = group.allSatisfy { $0.inLaunchSamplesPerSecond != nil }
            func predicted(_ r: Row) -> Double { inLaunch ? r.inLaunchSamplesPerSecond! : r.predictedSamplesPerSecond }
            let measured = group.sorted { $0.measuredSamplesPerSecond > $1.measuredSamplesPerSecond }.map(\.plugin)
            let model = group.sorted { predicted($0) > predicted($1) }.map(\.plugin)
            var reversed: [String] = []
            for a in group {
                for b in group where a.measuredSamplesCI[0] > b.measuredSamplesCI[1] && predicted(b) > predicted(a) {
                    reversed.append("\(a.plugin) > \(b.plugin)")
                }
            }
            return "order at n = \(n), fastest first: measured \(measured.joined(separator: ", ")); predicted (\(inLaunch ? "in-launch" : "profile")) "
                + "\(model.joined(separator: ", ")); reversed with disjoint measured CIs: \(reversed.isEmpty ? "none" : reversed.joined(separator: ", "))"
        }
    }
}

extension ModelValidation.Row {
    /// The model's terms per gradient for `cell` (its latency split into `waits` by
    /// `waitFraction`) and their shares of the measured time per gradient and node (n / `ms`).
    mutating func setShares(_ cell: Cell, measured ms: Double, waitFraction: Double?) {
        guard var t = try? ModelValidation.terms(cell) else { return }
        if let f = waitFraction, let lat = t["latency"] {
            t["waits"] = lat * f; t["latency"] = lat * (1 - f)
        }
        terms = t
        let measured = Double(MPIAlgorithms.standard.ranks(plugin: cell.plugin, n: cell.n)) / ms
        var modelled = 0.0
        shares = [:]
        for (k, v) in t { shares[k] = v / measured; modelled += v }
        shares["unmodelled"] = 1 - modelled / measured
    }
}
