/// A step schedule resolved for one task and one algorithm (`StepSchedule.resolved`):
/// eta_t = min(cap, numerator / (t + offset)), or the constant cap, without branches on the kind.
public struct ResolvedSchedule: Sendable, Hashable {
    public var numerator: Double
    public var offset: Double
    public var cap: Double
    public var constant: Bool = false

    /// The step at event t (0-based).
    @inlinable @inline(__always)
    public func eta(_ t: Int) -> Double {
        constant ? cap : Swift.min(cap, numerator / (Double(t) + offset))
    }
}
