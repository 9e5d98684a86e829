/// Well-known outcome names shared by the families and the analysis.
public enum OutcomeName {
    /// Convergence (protocols) in parallel time: interactions / n.
    public static let time = "time"
    /// Convergence (protocols) in interactions.
    public static let interactions = "interactions"
    /// 1 when the protocol's output was the correct one, 0 otherwise.
    public static let correct = "correct"
    /// The primary metric's value at the end of the run (optimization).
    public static let finalValue = "final"
    /// The node disagreement Gamma = (1/n) sum_i ||x_i - x_bar||^2 (optimization series).
    public static let gamma = "gamma"
    /// Report metric: seconds of simulated wall clock per node-step (final `wall` / `node-steps`).
    public static let wallPerNodeStep = "wall_per_node_step"
}
