import Foundation

/// A named growth law `a*f(x)+b`, used for predicted bounds and for ranking fits (like
/// google-benchmark's BigO).
public enum FitShape: String, Sendable, Hashable, Codable, CaseIterable {
    case constant = "1"
    case log = "log(x)"
    /// log(x)^1.5: the time law claimed for exact majority by Ben-Nun, Kopelowitz, Kraus, Porat
    /// (PODC 2020), O(log^{3/2} n). Not in `standard`: it competes only where a plugin or a
    /// claim predicts it.
    case log1_5 = "log(x)^1.5"
    case log2 = "log(x)^2"
    /// log(x)^3: the time law claimed for Split-Join majority (AAEGR17). Not in `standard`: it
    /// competes only where a plugin predicts it.
    case log3 = "log(x)^3"
    case sqrt = "sqrt(x)"
    case linear = "x"
    case xlogx = "x*log(x)"
    case quadratic = "x^2"
    /// 1/x: the linear-speedup law of decentralized SGD (time ~ a/n + b).
    case inverse = "1/x"

    /// The shapes ranked by `rankShapes` when no list is given (the set of the foundation issue).
    public static let standard: [FitShape] = [.constant, .log, .log2, .sqrt, .linear, .xlogx, .quadratic]

    /// f(x).
    public func f(_ x: Double) -> Double {
        switch self {
        case .constant: 1
        case .log: Foundation.log(x)
        case .log1_5: Foundation.pow(Foundation.log(x), 1.5)
        case .log2: Foundation.log(x) * Foundation.log(x)
        case .log3: Foundation.log(x) * Foundation.log(x) * Foundation.log(x)
        case .sqrt: x.squareRoot()
        case .linear: x
        case .xlogx: x * Foundation.log(x)
        case .quadratic: x * x
        case .inverse: 1 / x
        }
    }

    /// The law as written in reports, `a*log(x)+b`.
    public var formula: String {
        switch self {
        case .constant: "b"
        case .inverse: "a/x+b"
        default: "a*\(rawValue)+b"
        }
    }
}
