import Foundation
import PopBenchCore

/// How the training set is dealt to the nodes.
public enum ShardMode: String, Sendable, CaseIterable {
    /// Shuffled, then dealt round-robin: shard sizes differ by at most one, labels mixed.
    case iid
    /// Sorted by label (shuffled within a label), then cut into n contiguous pieces of nearly
    /// equal size: each node sees one or two labels when n >= 10.
    case nonIID = "non-iid"

    /// Parses `iid` or `non-iid`, else a `UsageError` naming `field` and the allowed values.
    public static func parse(_ text: String, field: String = "split") throws -> ShardMode {
        guard let mode = ShardMode(rawValue: text) else {
            throw UsageError("\(field): unknown value '\(text)'; allowed: "
                + allCases.map(\.rawValue).joined(separator: ", "))
        }
        return mode
    }
}

/// The training set dealt across n nodes (see `ShardMode`).
public struct DigitsShards: Sendable {
    /// `nodes[i]` holds the data-set indices of node i's samples.
    public let nodes: [[Int32]]
    /// The smallest shard's size (the largest allowed minibatch).
    public var smallest: Int { nodes.map(\.count).min() ?? 0 }

    /// Deals `split.train` to `count` nodes, shuffling with `seed`.
    public init(split: DigitsSplit, labels: [Int32], count: Int, mode: ShardMode, seed: UInt64) {
        precondition(count >= 1)
        var rng = Xoshiro256(seed: seed)
        var train = split.train
        CNNRandom.shuffle(&train, rng: &rng)
        var nodes = [[Int32]](repeating: [], count: count)
        switch mode {
        case .iid:
            for (k, index) in train.enumerated() { nodes[k % count].append(index) }
        case .nonIID:
            // Stable sort by label keeps the shuffled order within a label.
            let sorted = train.enumerated().sorted { a, b in
                let (la, lb) = (labels[Int(a.element)], labels[Int(b.element)])
                return la != lb ? la < lb : a.offset < b.offset
            }.map(\.element)
            for i in 0..<count {
                let lo = i * sorted.count / count, hi = (i + 1) * sorted.count / count
                nodes[i] = Array(sorted[lo..<hi])
            }
        }
        self.nodes = nodes
    }
}
