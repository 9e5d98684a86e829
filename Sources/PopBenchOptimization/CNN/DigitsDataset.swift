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
