import Foundation
import PopBenchCore

/// The samples of every metric of one check run, as stored in a baseline (`results/baseline.json`)
/// or in a check run's `check.json`, with where and how they were made.
public struct CheckSamples: Sendable, Codable {
    public struct Provenance: Sendable, Codable {
        public var popbenchVersion: String
        public var gitCommit: String?
        public var machine: Machine
        public var created: String
        public var seed: UInt64
        public var quick: Bool
        public var command: [String]

        enum CodingKeys: String, CodingKey {
            case machine, created, seed, quick, command
            case popbenchVersion = "popbench_version", gitCommit = "git_commit"
        }
    }

    public struct Metric: Sendable, Codable, Hashable {
        public var name: String
        public var kind: CheckKind
        public var direction: MetricDirection
        public var tolerance: Double
        public var unit: String
        public var samples: [Double]

        public init(name: String, kind: CheckKind, direction: MetricDirection, tolerance: Double, unit: String,
                    samples: [Double]) {
            self.name = name; self.kind = kind; self.direction = direction; self.tolerance = tolerance
            self.unit = unit; self.samples = samples
        }
    }

    public var format = 1
    public var provenance: Provenance
    public var metrics: [Metric]

    public init(provenance: Provenance, metrics: [Metric]) {
        self.provenance = provenance; self.metrics = metrics
    }

    public func metric(_ name: String) -> Metric? { metrics.first { $0.name == name } }

    /// This baseline with `update`'s metrics in place of their namesakes (new ones appended), so
    /// that `check --update --only` refreshes some metrics without dropping the others. The two
    /// must have been measured alike (same `quick` and seed), else the merged file would mix
    /// sample counts and seeds under one provenance.
    public func merging(_ update: CheckSamples) throws -> CheckSamples {
        try checkMergeable(quick: update.provenance.quick, seed: update.provenance.seed)
        var merged = self
        merged.provenance = update.provenance
        for m in update.metrics {
            if let i = merged.metrics.firstIndex(where: { $0.name == m.name }) { merged.metrics[i] = m } else { merged.metrics.append(m) }
        }
        return merged
    }

    /// Throws unless a run with `quick` and `seed` may be merged into this baseline.
    public func checkMergeable(quick: Bool, seed: UInt64) throws {
        guard quick == provenance.quick, seed == provenance.seed else {
            throw UsageError("--update --only: the baseline was made with quick = \(provenance.quick), seed = \(provenance.seed), "
                             + "this run with quick = \(quick), seed = \(seed); allowed: the same --quick and --seed, "
                             + "or --update without --only to replace the whole baseline")
        }
    }

    public static func load(_ url: URL) throws -> CheckSamples {
        do {
            return try JSON.decoder().decode(CheckSamples.self, from: Data(contentsOf: url))
        } catch {
            throw UsageError("\(url.path): not a readable check file (\(error.localizedDescription))")
        }
    }

    public func write(to url: URL) throws {
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try JSON.prettyEncoder().encode(self).write(to: url, options: .atomic)
    }
}
