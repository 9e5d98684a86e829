import Foundation

/// One cell's time to target (or protocol convergence time) on every clock it records.
struct Headline: Sendable {
    /// `time_to_target` or `time`.
    var metric: String
    /// The `Quality` time to target was measured on (nil for protocols).
    var quality: String?
    /// Per-trial times (failures +infinity), by clock.
    var times: [Clock: [Double]]
}

extension Analyzer {
    /// The clocks comparisons are reported on: the headline clock first, then the others in
    /// `Clock.allCases` order, each only where every compared cell records it.
    func comparisonClocks(_ headline: [Int: Headline]) -> [Clock] {
        let present = Set(headline.values.flatMap(\.times.keys))
        return ([clock] + Clock.allCases.filter { $0 != clock }).filter(present.contains)
    }

    /// Every plugin against the first one at each n, on every clock (one row per clock): the
    /// ratio of medians with its bootstrap CI, the Mann-Whitney p-value (exact for small
    /// samples), and `p_holm`, the Holm-Bonferroni adjustment over the comparisons made on the
    /// same clock (the family of hypotheses the table's significance marks speak of).
    func comparisons(_ headline: [Int: Headline]) -> [ComparisonRow] {
        guard let baseName = spec.cells.first?.plugin else { return [] }
        var out: [ComparisonRow] = []
        for clock in comparisonClocks(headline) {
            var family: [ComparisonRow] = []
            for (c, cell) in spec.cells.enumerated() where cell.plugin != baseName {
                guard let mine = headline[c], let mineTimes = mine.times[clock],
                      let b = spec.cells.indices.first(where: { spec.cells[$0].plugin == baseName && spec.cells[$0].n == cell.n }),
                      let baseTimes = headline[b]?.times[clock] else { continue }
                let baseMedian = Statistics.median(baseTimes), mineMedian = Statistics.median(mineTimes)
                let ratio = baseMedian / mineMedian
                let ci = Statistics.bootstrapRatioInterval(numerator: baseTimes, denominator: mineTimes, level: 0.95,
                                                           resamples: resamples, seed: SeedDerivation.subSeed(spec.masterSeed, "bootstrap-ratio", index: c),
                                                           statistic: Statistics.median)
                let test = Statistics.mannWhitneyU(mineTimes, baseTimes)
                var row = ComparisonRow(plugin: cell.plugin, baseline: baseName, n: cell.n, metric: mine.metric,
                                        clock: clock.rawValue, ratio: ratio, ciLow: ci.low, ciHigh: ci.high,
                                        ratioDefinition: "median(baseline) / median(plugin)", test: "mann-whitney",
                                        pValue: test.pValue, effectSize: test.effectSize)
                row.quality = mine.quality
                row.ratioUndefined = RatioMeaning.undefinedReason(
                    plugin: cell.plugin, baseline: baseName, clock: clock, pluginMedian: mineMedian, baselineMedian: baseMedian,
                    verb: mine.metric == OutcomeName.time ? "converges" : "reaches the target")
                family.append(row)
            }
            let adjusted = Statistics.holmAdjusted(family.map(\.pValue))
            for i in family.indices { family[i].pHolm = adjusted[i] }
            out += family
        }
        return out
    }

    /// For each plugin run at three or more sizes: every standard shape (and its predicted
    /// bound) fitted by least squares to the individual trials' times on the headline clock,
    /// ranked by AICc (so the constant law `b` wins unless a slope earns its parameter), and the
    /// log-log slope fitted the same way. Sizes where some trials failed are fitted on their
    /// successful trials and listed in `points` with their failure counts, never dropped
    /// silently; the plotted statistic is the per-n mean, the statistic the fit describes.
    func fits(_ headline: [Int: Headline]) throws -> [FitRow] {
        let fitClock = comparisonClocks(headline).first ?? clock
        var out: [FitRow] = []
        var order: [String] = []
        for cell in spec.cells where !order.contains(cell.plugin) { order.append(cell.plugin) }
        for name in order {
            let cells = spec.cells.indices.filter { spec.cells[$0].plugin == name && headline[$0]?.times[fitClock] != nil }
            var xs: [Double] = [], ys: [Double] = [], points: [FitPoint] = []
            for c in cells {
                let v = headline[c]!.times[fitClock]!
                let finite = v.filter(\.isFinite)
                let x = spec.cells[c].realN ?? Double(spec.cells[c].n)
                let ci = (try? Statistics.meanInterval(finite)) ?? Interval(low: .nan, high: .nan, level: 0.95)
                points.append(FitPoint(x: x, trials: v.count, used: finite.count, failed: v.count - finite.count,
                                       mean: Statistics.mean(finite), ciLow: ci.low, ciHigh: ci.high))
                for y in finite { xs.append(x); ys.append(y) }
            }
            guard Set(xs).count >= 3, let first = cells.first.flatMap({ headline[$0] }) else { continue }
            let plugin = try registry.plugin(named: name)
            var shapes = FitShape.standard
            if let p = plugin.descriptor.predictedBound, !shapes.contains(p) { shapes.append(p) }
            let ranking = Statistics.rankShapesByAICc(x: xs, y: ys, shapes: shapes)
            guard let best = ranking.first else { continue }
            let chosen = plugin.descriptor.predictedBound.flatMap { p in ranking.first { $0.fit.shape == p } } ?? best
            let positive = xs.indices.filter { ys[$0] > 0 }
            let slope = try? Statistics.logLogSlope(x: positive.map { xs[$0] }, y: positive.map { ys[$0] }, weights: nil)
            var row = FitRow(plugin: name, metric: first.metric, clock: fitClock.rawValue, x: "n",
                             shape: chosen.fit.shape.formula, predicted: chosen.fit.shape == plugin.descriptor.predictedBound,
                             a: chosen.fit.a, aCILow: chosen.fit.aInterval.low, aCIHigh: chosen.fit.aInterval.high,
                             b: chosen.fit.b, bCILow: chosen.fit.bInterval.low, bCIHigh: chosen.fit.bInterval.high,
                             r2: chosen.fit.r2, bestShape: best.fit.shape.formula,
                             ranking: ranking.map { ShapeRank(shape: $0.fit.shape.formula, r2: $0.fit.r2,
                                                              rmsRelativeError: $0.fit.rmsRelativeError, aicc: $0.aicc) },
                             logLogSlope: slope?.slope, logLogSlopeCILow: slope?.slopeInterval.low,
                             logLogSlopeCIHigh: slope?.slopeInterval.high)
            row.points = points
            row.method = "ordinary least squares on per-trial values (failed trials excluded, counted in points); shapes ranked by AICc"
            out.append(row)
        }
        return out
    }
}
