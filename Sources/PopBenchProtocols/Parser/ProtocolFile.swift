import Foundation
import PopBenchCore

/// A protocol read from a file, with what the file says about its task and its paper.
public struct ProtocolFile: Sendable {
    /// The protocol itself.
    public var spec: ProtocolSpec
    /// `broadcast`, `majority` or `leader`.
    public var task: String
    /// One line (`summary:`), or a default naming the file.
    public var summary: String
    /// The paper (`reference:`), or empty.
    public var reference: String
    /// The predicted parallel-time bound (`bound:`, a FitShape such as `log(x)`), if any.
    public var bound: FitShape?
    /// For `leader`: the output symbol of a leader (`leader:`; default `L`).
    public var leaderSymbol: String
    /// The path it was read from.
    public var path: String
}
