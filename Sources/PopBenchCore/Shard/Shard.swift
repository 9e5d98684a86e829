/// One share of an experiment's trial grid: shard `index` of `count` (1-based, as `--shard K/N`).
///
/// The assignment is deterministic and depends only on the trial key: trial `t` of cell `c` has
/// the canonical position `c * trials + t`, and shard K of N owns the positions congruent to
/// K - 1 modulo N (round robin, so every shard gets a mix of cells and a similar load). Trial
/// seeds do not depend on the shard, so the union of the N shards holds exactly the records of
/// the unsharded run.
public struct Shard: Sendable, Hashable, Codable, CustomStringConvertible {
    /// 1-based shard number K.
    public var index: Int
    /// Number of shards N.
    public var count: Int

    public init(index: Int, count: Int) throws {
        guard count >= 1, index >= 1, index <= count else {
            throw UsageError("--shard: \(index)/\(count) is not allowed; allowed: K/N with 1 <= K <= N")
        }
        self.index = index; self.count = count
    }

    /// Parses `K/N`.
    public init(parsing text: String) throws {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let k = Int(parts[0]), let n = Int(parts[1]) else {
            throw UsageError("--shard: '\(text)' is not allowed; allowed: K/N with whole numbers 1 <= K <= N (e.g. 2/3)")
        }
        try self.init(index: k, count: n)
    }

    /// `K/N`.
    public var description: String { "\(index)/\(count)" }

    /// Whether this shard runs trial `key` of an experiment with `trials` trials per cell.
    public func owns(_ key: TrialKey, trials: Int) -> Bool {
        (key.cell * trials + key.trial) % count == index - 1
    }

    /// The trial keys of `spec` this shard does not own (what the runner skips).
    public func foreignKeys(of spec: ExperimentSpec) -> Set<TrialKey> {
        var out = Set<TrialKey>()
        for c in spec.cells.indices {
            for t in 0..<spec.trials where !owns(TrialKey(cell: c, trial: t), trials: spec.trials) {
                out.insert(TrialKey(cell: c, trial: t))
            }
        }
        return out
    }
}
