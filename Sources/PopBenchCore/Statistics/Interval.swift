/// The statistics facade of popbench: descriptive statistics, confidence intervals, hypothesis
/// tests and least-squares fits, computed with GSL where GSL has the routine.
///
/// Every function is a pure static function (no shared state besides GSL's error handler,
/// which `GSL.ensureInitialized()` turns off once), so all of it is safe to call from any
/// thread. Functions that cannot produce a meaningful number throw `NumericalError` rather
/// than return NaN; functions documented as non-throwing return NaN for empty input.
public enum Statistics {}

/// A two-sided confidence interval `[low, high]` at confidence `level` (e.g. 0.95).
///
/// Ends may be infinite (for example a bootstrap interval of a median when some trials were
/// censored at +infinity). JSON encoding of infinite ends needs a
/// `nonConformingFloatEncodingStrategy` on the encoder.
public struct Interval: Sendable, Hashable, Codable {
    /// Lower end.
    public var low: Double
    /// Upper end.
    public var high: Double
    /// Nominal coverage probability, in (0, 1).
    public var level: Double

    /// An interval `[low, high]` at confidence `level`.
    public init(low: Double, high: Double, level: Double) {
        self.low = low
        self.high = high
        self.level = level
    }

    /// `high - low`.
    public var width: Double { high - low }
    /// Half the width, `(high - low) / 2`: the "plus or minus" of a symmetric interval.
    public var halfWidth: Double { (high - low) / 2 }
    /// Whether `value` lies in the closed interval `[low, high]`.
    public func contains(_ value: Double) -> Bool { low <= value && value <= high }
}

extension Statistics {
    /// Throws unless `level` is a confidence level strictly between 0 and 1.
    static func checkLevel(_ level: Double) throws(NumericalError) {
        guard level > 0, level < 1 else {
            throw NumericalError("confidence level must lie in (0, 1), got \(level)")
        }
    }
}
