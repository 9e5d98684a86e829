import Foundation
import PopBenchCore

/// A task built for one trial, as a concrete enum so that algorithms specialize on it
/// (`accept` calls a generic visitor; no existential dispatch in the loops).
public enum TaskInstance: Sendable {
    case mean(MeanTask)
    case linreg(LinRegTask)
    case logreg(LogRegTask)
    case cnn(CNNTask)

    /// kappa = L / mu, the condition number the step schedules see (1 on mean estimation).
    public var conditionNumber: Double {
        switch self {
        case .mean(let t): t.smoothness / t.strongConvexity
        case .linreg(let t): t.smoothness / t.strongConvexity
        case .logreg(let t): t.smoothness / t.strongConvexity
        case .cnn(let t): t.smoothness / t.strongConvexity
        }
    }

    /// d, the model dimension.
    public var dimension: Int {
        switch self {
        case .mean(let t): t.dimension
        case .linreg(let t): t.dimension
        case .logreg(let t): t.dimension
        case .cnn(let t): t.dimension
        }
    }

    /// Calls `visitor.visit` with the concrete task.
    public func accept<V: TaskVisitor>(_ visitor: inout V) throws {
        switch self {
        case .mean(let t): try visitor.visit(t)
        case .linreg(let t): try visitor.visit(t)
        case .logreg(let t): try visitor.visit(t)
        case .cnn(let t): try visitor.visit(t)
        }
    }
}

/// An algorithm's trial body, generic over the task.
public protocol TaskVisitor {
    mutating func visit<T: OptimizationTask>(_ task: T) throws
}
