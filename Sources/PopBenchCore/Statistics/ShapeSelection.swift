import Foundation

/// A fitted law with its small-sample Akaike criterion, for ranking competing shapes.
public struct RankedShape: Sendable, Hashable {
    public var fit: ShapeFit
    /// AICc of the fit (lower is better), see `Statistics.aicc`.
    public var aicc: Double
}

extension Statistics {
    /// The corrected Akaike information criterion of a least-squares fit with Gaussian errors of
    /// unknown variance (Hurvich and Tsai 1989; Burnham and Anderson 2002, section 2.4):
    ///
    ///     AICc = N ln(RSS / N) + 2p + 2p(p + 1) / (N - p - 1),
    ///
    /// with p the number of estimated parameters including the variance (2 for the constant law
    /// `b`, 3 for `a f(x) + b`). The penalty lets the constant law win when a slope does not
    /// reduce the residuals by more than chance would. Infinite when N <= p + 1. An exact fit
    /// (RSS = 0) is floored at 1e-300 so that it ranks first rather than producing -inf - inf.
    public static func aicc(rss: Double, points: Int, parameters p: Int) -> Double {
        let n = Double(points), k = Double(p)
        guard points > p + 1 else { return .infinity }
        return n * Foundation.log(Swift.max(rss, 1e-300) / n) + 2 * k + 2 * k * (k + 1) / (n - k - 1)
    }

    /// Fits every law in `shapes` by ordinary least squares to the individual observations
    /// (x_i, y_i) (one per trial, so that the residual variance is estimated on N - p degrees of
    /// freedom rather than on the spread of a few means) and returns them sorted by AICc, best
    /// first (ties keep the order of `shapes`). Laws that cannot be fitted are left out.
    public static func rankShapesByAICc(x: [Double], y: [Double], shapes: [FitShape] = FitShape.standard,
                                        level: Double = 0.95) -> [RankedShape] {
        let ranked = shapes.enumerated().compactMap { index, shape -> (Int, RankedShape)? in
            guard let fit = try? fitShape(shape, x: x, y: y, weights: nil, level: level) else { return nil }
            let rss = fit.residuals.reduce(0) { $0 + $1 * $1 }
            return (index, RankedShape(fit: fit, aicc: aicc(rss: rss, points: y.count, parameters: shape == .constant ? 2 : 3)))
        }
        return ranked.sorted { l, r in
            l.1.aicc != r.1.aicc ? l.1.aicc < r.1.aicc : l.0 < r.0
        }.map(\.1)
    }

    /// Holm-Bonferroni adjusted p-values (Holm 1979), in input order: with p sorted ascending,
    /// p_holm_(i) = max_{j <= i} min(1, (m - j + 1) p_(j)). Controls the family-wise error rate
    /// of m tests at the nominal level. NaN p-values stay NaN and do not count in m.
    public static func holmAdjusted(_ p: [Double]) -> [Double] {
        let order = p.indices.filter { !p[$0].isNaN }.sorted { p[$0] < p[$1] }
        let m = order.count
        var out = p
        var running = 0.0
        for (rank, i) in order.enumerated() {
            running = Swift.max(running, Swift.min(1, Double(m - rank) * p[i]))
            out[i] = running
        }
        return out
    }
}
