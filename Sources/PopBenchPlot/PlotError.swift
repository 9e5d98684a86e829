/// Why a figure could not be written.
public enum PlotError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The figure name is not a safe file stem (letters, digits, `.`, `_`, `-`; no leading `.`).
    case invalidName(String)
    /// A series' arrays differ in length.
    case mismatchedLengths(series: String, counts: [Int])
    /// A `.function` expression is not in the `PlotExpression` grammar.
    case invalidExpression(String, reason: String)
    /// A `.function` range is empty, not finite, or (on a log x axis) not positive.
    case invalidFunctionRange(series: String, xMin: Double, xMax: Double)

    /// One line for the user.
    public var description: String {
        switch self {
        case .invalidName(let name):
            "invalid figure name '\(name)': use letters, digits, '.', '_' and '-' only"
        case .mismatchedLengths(let series, let counts):
            "series '\(series)': arrays have different lengths \(counts)"
        case .invalidExpression(let text, let reason):
            "invalid function expression '\(text)': \(reason)"
        case .invalidFunctionRange(let series, let xMin, let xMax):
            "series '\(series)': invalid function range [\(xMin), \(xMax)]"
        }
    }
}
