/// Which model a quality metric scores (docs/design.md, "What is scored").
///
/// Every optimization checkpoint records the metric of the average model x_bar (held by no
/// node), the mean over nodes of each node's own metric, the worst node's, and the disagreement
/// Gamma = (1/n) sum_i ||x_i - x_bar||^2. Time to target is measured on one of the first three
/// (`--metric`); `nodes-mean` by default: what a node that stops can deploy.
public enum Quality: String, Sendable, Hashable, Codable, CaseIterable {
    /// The metric of the average model x_bar.
    case avg
    /// The mean over nodes of each node's own metric.
    case nodesMean = "nodes-mean"
    /// The worst node's metric (the largest error, the smallest accuracy).
    case nodesWorst = "nodes-worst"
    /// Gamma, the node disagreement (not a choice of `--metric`).
    case consensus

    /// The qualities `--metric` may choose for time to target.
    public static let targetChoices: [Quality] = [.avg, .nodesMean, .nodesWorst]

    /// The name under which the series of `metric` at this quality is recorded: `error`,
    /// `error@nodes-mean`, `error@nodes-worst`; Gamma is `gamma` whatever the metric.
    public func seriesName(of metric: String) -> String {
        switch self {
        case .avg: metric
        case .nodesMean, .nodesWorst: metric + "@" + rawValue
        case .consensus: OutcomeName.gamma
        }
    }
}
