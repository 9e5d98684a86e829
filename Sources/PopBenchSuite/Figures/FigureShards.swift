import Foundation
import PopBenchCore

/// Sharded figures (`popbench figures --shard K/N`, then `--merge-shards N`): each shard runs
/// its share of every figure experiment's trial grid (the `Shard` assignment of trial keys) and
/// stores the records in the output directory; the merge step reads all N shares back, checks
/// that every trial is there, and builds the figures from them exactly as an unsharded run does.
public enum FigureShards {
    /// How `FigureContext` treats experiments.
    public enum Mode: Sendable {
        /// Run only `shard`'s trials and store them under `directory`; build no figure.
        case run(Shard, directory: URL)
        /// Build from the trials of all `count` shards stored under `directory`.
        case merge(count: Int, directory: URL)
    }

    /// Thrown in `.run` mode when a shard's share of an experiment cannot be analyzed on its own
    /// (too few trials per cell): the figure's later experiments cannot run, and the shard fails
    /// with this error.
    public struct Pending: Error, CustomStringConvertible {
        public var figure: String
        public var description: String {
            "--shard: the share of \(figure)'s experiment is too small to analyze alone, so its later experiments did not run; allowed: fewer shards (at least two trials per cell and shard)"
        }
    }

    /// `<directory>/shards/<experiment hash>.<K>-of-<N>.jsonl`.
    static func url(_ spec: ExperimentSpec, index: Int, count: Int, directory: URL) throws -> URL {
        let text = try JSON.lineEncoder().encode(spec)
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in text { h ^= UInt64(byte); h = h &* 0x0000_0100_0000_01B3 }
        return directory.appendingPathComponent("shards", isDirectory: true)
            .appendingPathComponent("\(String(h, radix: 16)).\(index)-of-\(count).jsonl")
    }

    /// Stores one shard's records of `spec`.
    static func write(_ records: [TrialRecord], spec: ExperimentSpec, shard: Shard, directory: URL) throws {
        let file = try url(spec, index: shard.index, count: shard.count, directory: directory)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        var out = Data()
        let encoder = JSON.lineEncoder()
        for r in records.sorted(by: { ($0.cell, $0.trial) < ($1.cell, $1.trial) }) {
            out.append(try encoder.encode(r)); out.append(0x0A)
        }
        try out.write(to: file, options: .atomic)
    }

    /// Reads the records of `spec` from all `count` shards; every trial must be present once.
    static func read(spec: ExperimentSpec, count: Int, directory: URL, figure: String) throws -> [TrialRecord] {
        var seen = Set<TrialKey>(), records: [TrialRecord] = []
        let decoder = JSON.decoder()
        for k in 1...count {
            let file = try url(spec, index: k, count: count, directory: directory)
            guard let data = FileManager.default.contents(atPath: file.path) else {
                throw UsageError("--merge-shards: \(figure): shard \(k)/\(count) is missing (\(file.path)); allowed: the output of figures --shard K/\(count) for every K")
            }
            for line in data.split(separator: 0x0A) where !line.isEmpty {
                let r = try decoder.decode(TrialRecord.self, from: Data(line))
                if seen.insert(TrialKey(cell: r.cell, trial: r.trial)).inserted { records.append(r) }
            }
        }
        guard seen.count == spec.totalTrials else {
            throw UsageError("--merge-shards: \(figure): the shards hold \(seen.count) of \(spec.totalTrials) trials")
        }
        return records.sorted { ($0.cell, $0.trial) < ($1.cell, $1.trial) }
    }
}
