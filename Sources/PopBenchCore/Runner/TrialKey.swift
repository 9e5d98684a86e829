/// Identifies one trial within a run.
public struct TrialKey: Sendable, Hashable {
    public var cell: Int
    public var trial: Int
    public init(cell: Int, trial: Int) { self.cell = cell; self.trial = trial }
}
