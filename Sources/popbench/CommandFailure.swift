/// A command's failure with its exit code (1: a failed check, 3: a missing baseline): thrown, so
/// that only the top level prints and exits.
struct CommandFailure: Error, CustomStringConvertible {
    var message: String
    var code: Int32
    init(_ message: String, code: Int32) { self.message = message; self.code = code }
    var description: String { message }
}
