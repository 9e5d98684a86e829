/// What one trial of a cell will need, estimated from its configuration before anything runs.
public struct ResourceEstimate: Sendable, Equatable {
    /// Peak memory of one trial (models, data, agent arrays), in bytes.
    public var bytes: Double
    /// What to change when `bytes` does not fit, e.g. "lower --nodes or --d".
    public var memoryAdvice: String
    /// Worst-case seconds of one trial (the whole budget run), when it can be estimated.
    public var seconds: Double?
    /// What to change when `seconds` is above the cap, e.g. "use --engine batch".
    public var timeAdvice: String

    public init(bytes: Double, memoryAdvice: String, seconds: Double? = nil, timeAdvice: String = "lower --budget") {
        self.bytes = bytes; self.memoryAdvice = memoryAdvice; self.seconds = seconds; self.timeAdvice = timeAdvice
    }
}
