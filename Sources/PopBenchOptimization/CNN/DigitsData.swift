import Foundation
import PopBenchCore

/// The 8x8 handwritten digits (UCI "Optical Recognition of Handwritten Digits", test part,
/// 1,797 images, CC BY 4.0), as scikit-learn ships it: one image per line, 64 integer pixels
/// 0...16 in row-major order, then the label 0...9, comma separated.
///
/// Pixels are scaled to [0, 1]: x = p / 16. Images are stored contiguously (`images[64 i ..<
/// 64 i + 64]` is image i), so a minibatch is gathered with one copy per sample.
public struct DigitsDataset: Sendable {
    /// Pixels per image (8 x 8).
    public static let pixels = 64
    /// Image side.
    public static let side = 8
    /// Number of classes (digits 0...9).
    public static let classes = 10
    /// The shipped file's name under `data/`.
    public static let fileName = "digits.csv.gz"

    /// count x 64 scaled pixels, image after image.
    public let images: [Float]
    /// count labels in 0...9.
    public let labels: [Int32]
    /// The file it was read from (for messages).
    public let source: String

    /// The number of images.
    public var count: Int { labels.count }

    /// Builds a data set from scaled pixels and labels (tests, synthetic data).
    public init(images: [Float], labels: [Int32], source: String = "memory") {
        precondition(images.count == labels.count * Self.pixels)
        self.images = images; self.labels = labels; self.source = source
    }

    /// Reads the shipped file, found by `DataLocator.locate`. Cached per path for the process.
    public static func loadDefault() throws -> DigitsDataset {
        try load(from: DataLocator.locate(fileName))
    }

    /// Reads `url` (`.csv` or `.csv.gz`). A malformed line throws a `UsageError` of the form
    /// `FILE:LINE: expected ..., found ...`. Results are cached per path for the process.
    public static func load(from url: URL) throws -> DigitsDataset {
        if let hit = cache.get(url.path) { return hit }
        let data = try parse(DataFileReader.readText(url), file: url.path)
        cache.put(url.path, data)
        return data
    }

    /// Parses the CSV text; `file` names the source in errors.
    public static func parse(_ text: String, file: String) throws -> DigitsDataset {
        var images: [Float] = []
        var labels: [Int32] = []
        images.reserveCapacity(1797 * pixels)
        var lineNumber = 0
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            let trimmed = line.trimmingCharacters(in: .whitespacesAndNewlines)
            if trimmed.isEmpty { continue }
            let fields = trimmed.split(separator: ",", omittingEmptySubsequences: false)
            guard fields.count == pixels + 1 else {
                throw UsageError("\(file):\(lineNumber): expected 65 comma-separated integers "
                    + "(64 pixels 0...16, then a label 0...9), found \(fields.count) fields")
            }
            for (column, field) in fields.enumerated() {
                let isLabel = column == pixels
                let value = Int(field.trimmingCharacters(in: .whitespaces))
                let limit = isLabel ? 9 : 16
                guard let value, value >= 0, value <= limit else {
                    throw UsageError("\(file):\(lineNumber):\(column + 1): expected "
                        + (isLabel ? "a label 0...9" : "an integer pixel 0...16")
                        + ", found '\(field)'")
                }
                if isLabel { labels.append(Int32(value)) } else { images.append(Float(value) / 16) }
            }
        }
        guard !labels.isEmpty else {
            throw UsageError("\(file):1: expected lines of 64 pixels and a label, found no data")
        }
        return DigitsDataset(images: images, labels: labels, source: file)
    }

    private static let cache = DatasetCache()
}

/// Process-wide cache of parsed files, keyed by path.
final class DatasetCache: @unchecked Sendable {  // @unchecked: `lock` guards `entries`.
    private let lock = NSLock()
    private var entries: [String: DigitsDataset] = [:]
    func get(_ key: String) -> DigitsDataset? { lock.lock(); defer { lock.unlock() }; return entries[key] }
    func put(_ key: String, _ value: DigitsDataset) { lock.lock(); entries[key] = value; lock.unlock() }
}

/// A stratified train/test split by seed: each class contributes to the test set in proportion
/// to its size (floor(n_c * testCount / count), the remainder going to the classes with the
/// largest fractional parts, ties to the smaller label), picked uniformly at random.
/// The default 360 test images give the usual 1,437/360 split of the 1,797 digits.
public struct DigitsSplit: Sendable {
    /// Indices into the data set of the training images (shuffled).
    public let train: [Int32]
    /// Indices of the test images (shuffled).
    public let test: [Int32]

    /// Splits `dataset` with a generator seeded by `seed`.
    public init(dataset: DigitsDataset, testCount: Int = 360, seed: UInt64) {
        precondition(testCount > 0 && testCount < dataset.count)
        var rng = Xoshiro256(seed: seed)
        var byClass = [[Int32]](repeating: [], count: DigitsDataset.classes)
        for (i, label) in dataset.labels.enumerated() { byClass[Int(label)].append(Int32(i)) }
        let share = Double(testCount) / Double(dataset.count)
        var quota = byClass.map { Int((Double($0.count) * share).rounded(.down)) }
        let order = (0..<byClass.count).sorted { a, b in
            let fa = Double(byClass[a].count) * share - Double(quota[a])
            let fb = Double(byClass[b].count) * share - Double(quota[b])
            return fa != fb ? fa > fb : a < b
        }
        var missing = testCount - quota.reduce(0, +)
        for c in order where missing > 0 { quota[c] += 1; missing -= 1 }
        var train: [Int32] = [], test: [Int32] = []
        for c in 0..<byClass.count {
            var members = byClass[c]
            CNNRandom.shuffle(&members, rng: &rng)
            test += members[..<quota[c]]
            train += members[quota[c]...]
        }
        CNNRandom.shuffle(&train, rng: &rng)
        CNNRandom.shuffle(&test, rng: &rng)
        self.train = train; self.test = test
    }
}

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

/// Seeded helpers of the CNN task.
enum CNNRandom {
/// Fisher-Yates shuffle with the trial generator (deterministic for a seed).
static func shuffle<T>(_ a: inout [T], rng: inout Xoshiro256) {
    var i = a.count - 1
    while i > 0 {
        let j = Int(rng.bounded(UInt64(i + 1)))
        a.swapAt(i, j)
        i -= 1
    }
}
}
