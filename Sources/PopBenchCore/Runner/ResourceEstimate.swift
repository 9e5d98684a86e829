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
    /// Seconds one unit of parallel time costs on the engine that will run the trial (an
    /// upper-side rate). The study multiplies it by the trial's predicted parallel time (the
    /// plugin's `predictedParallelTime` where it has one, else its budget) into `seconds`.
    public var secondsPerUnit: Double? = nil
    /// What `seconds` was estimated from, for the refusal (e.g. "predicted parallel time 1e+08").
    public var basis: String? = nil

    public init(bytes: Double, memoryAdvice: String, seconds: Double? = nil, timeAdvice: String = "lower --budget",
                secondsPerUnit: Double? = nil) {
        self.bytes = bytes; self.memoryAdvice = memoryAdvice; self.seconds = seconds; self.timeAdvice = timeAdvice
        self.secondsPerUnit = secondsPerUnit
    }

    /// `seconds` from `secondsPerUnit` and the trial's predicted parallel time: the smaller of
    /// `budget` (the run stops there) and `expected` (the plugin's predicted parallel time, when
    /// it has one); unchanged when `seconds` is already known or there is no rate.
    public func predicting(budget: Double, expected: Double?) -> ResourceEstimate {
        guard seconds == nil, let rate = secondsPerUnit else { return self }
        var e = self
        if let expected, expected.isFinite, expected < budget {
            e.seconds = rate * expected
            e.basis = "predicted parallel time \(ResourceGuard.numberText(expected))"
        } else {
            e.seconds = rate * budget
            e.basis = "a budget of \(ResourceGuard.numberText(budget)) parallel time"
        }
        return e
    }
}
