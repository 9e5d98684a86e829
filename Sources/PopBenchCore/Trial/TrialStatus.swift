/// How a trial ended.
public enum TrialStatus: String, Sendable, Hashable, Codable {
    /// Ran to its end (converged, or used its budget).
    case ok
    /// Produced NaN or infinity; recorded, not a crash.
    case diverged
    /// A protocol that did not converge within its budget.
    case timeout
}
