import PopBenchCore

/// Findings `compare` states under a report when the compute time is heavy-tailed
/// (`--compute lognormal`): which algorithm, under which rule and which sigma, did not settle at
/// the target in every trial on the headline clock. The README's "PopSGD under stragglers"
/// section has the sigma sweep behind them.
public enum StragglerFindings {
    /// The parameters that define a rule (shown with the algorithm's name when it has them).
    static let ruleParameters = ["averaging", "local-steps", "overlap", "graph"]

    /// One line per cell of `spec` whose time to target on `clock` failed in some trials while the
    /// cell's compute noise is lognormal.
    public static func lines(_ report: Report, spec: ExperimentSpec, clock: Clock) -> [String] {
        spec.cells.compactMap { cell in
            guard cell.config["compute"] != nil, cell.config.string("compute") == "lognormal",
                  let row = report.rows.first(where: { $0.plugin == cell.plugin && $0.n == cell.n
                      && $0.metric == "time_to_target" && $0.clock == clock.rawValue }),
                  row.successes < row.trials else { return nil }
            let rule = ruleParameters.filter { cell.config[$0] != nil }.map { "\($0) \(cell.config.string($0))" }
            return "finding: \(cell.plugin)" + (rule.isEmpty ? "" : " (\(rule.joined(separator: ", ")))")
                + " at n = \(cell.n) settled at the target in \(row.successes)/\(row.trials) trials under --compute lognormal, "
                + "straggler-sigma \(cell.config.string("straggler-sigma")) (per-gradient compute time exp(sigma Z - sigma^2/2) x compute-time): "
                + "the rule's own behaviour under heavy-tailed compute, not a failure of the run; "
                + "see the README, \"PopSGD under stragglers\", for the sigma sweep of both PopSGD rules."
        }
    }
}
