import Foundation

/// What a run was: enough to reproduce it and to know where and when it ran.
public struct Manifest: Sendable, Codable {
    public var popbenchVersion: String
    /// The commit of the popbench checkout the running executable was built in (`git
    /// rev-parse HEAD` in the executable's directory), not of the current directory; nil when
    /// the executable does not live in a git checkout.
    public var gitCommit: String?
    /// The command line as typed.
    public var arguments: [String]
    public var spec: ExperimentSpec
    /// The master seed, also inside `spec`, repeated here for readers.
    public var masterSeed: UInt64
    public var jobs: Int
    public var machine: Machine
    public var startTime: String
    public var endTime: String?
    /// `running` while trials run, `trials complete` once they are all in `trials.jsonl`, and
    /// `complete` only after the summary, report and plots are written.
    public var status: String
    /// The share of the trial grid this run holds (`--shard K/N`); nil for a whole run.
    public var shard: Shard?
    /// The shard runs a `popbench merge` run was assembled from, in shard order.
    public var mergedFrom: [String]?

    public init(arguments: [String], spec: ExperimentSpec, jobs: Int) {
        popbenchVersion = PopBench.version
        gitCommit = Machine.gitCommit()
        self.arguments = arguments
        self.spec = spec
        masterSeed = spec.masterSeed
        self.jobs = jobs
        machine = Machine.current()
        startTime = Manifest.timestamp()
        status = "running"
    }

    /// ISO 8601 time, UTC.
    public static func timestamp(_ date: Date = Date()) -> String {
        UTCTime.iso8601(date)
    }
}
