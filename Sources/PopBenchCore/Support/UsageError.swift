/// Bad input from the user: an unknown plugin, an out-of-range parameter, a malformed file.
///
/// The CLI prints `message` as one line and exits with code 2 before any work starts.
public struct UsageError: Error, CustomStringConvertible, Sendable, Equatable {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
