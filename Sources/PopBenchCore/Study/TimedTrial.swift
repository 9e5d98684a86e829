/// A finished trial with the seconds its `runTrial` took on the wall clock.
public struct TimedTrial: Sendable {
    public var record: TrialRecord
    public var seconds: Double
}
