/// One finished trial as stored in `trials.jsonl`: what ran, with which seed, and what it produced.
///
/// Contains nothing that depends on the machine or the thread count (no timestamps), so that the
/// same master seed gives byte-identical files whatever `--jobs` is.
public struct TrialRecord: Sendable, Hashable, Codable {
    /// Index of the cell (plugin x task x n x parameters) within the run.
    public var cell: Int
    public var plugin: String
    public var task: String
    public var n: Int
    /// The real population size when it is above 2^63 (`n` then holds `Int.max`); absent for
    /// every ordinary size.
    public var size: Double?
    public var params: Configuration
    public var trial: Int
    /// The trial seed in hexadecimal (JSON numbers lose 64-bit precision).
    public var seed: String
    public var status: TrialStatus
    public var outcomes: [String: Double]
    public var series: Series?

    public init(cell: Int, setup: TrialSetup, recorder: TrialRecorder, keepSeries: Bool = true) {
        self.cell = cell
        self.plugin = setup.plugin
        self.task = setup.task
        self.n = setup.n
        self.size = setup.realN
        self.params = setup.config
        self.trial = setup.trial
        self.seed = String(setup.seed, radix: 16)
        self.status = recorder.status
        self.outcomes = recorder.outcomes
        self.series = keepSeries && recorder.series.count > 0 ? recorder.series : nil
    }
}
