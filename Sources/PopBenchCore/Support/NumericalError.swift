/// A failure of a numerical routine (for example a GSL error turned into a Swift error).
public struct NumericalError: Error, CustomStringConvertible, Sendable, Equatable {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
