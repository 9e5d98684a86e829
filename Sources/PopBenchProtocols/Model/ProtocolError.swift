/// A malformed protocol: a parse or validation error, with the file position when known.
///
/// The description is one line, `file:line:column: problem`, as the CLI prints it before exiting
/// with code 2 (docs/design.md, "input and failure").
public struct ProtocolError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String
    public var location: SourceLocation?
    public init(_ message: String, at location: SourceLocation? = nil) {
        self.message = message; self.location = location
    }
    public var description: String {
        if let location { return "\(location): \(message)" }
        return message
    }
}
