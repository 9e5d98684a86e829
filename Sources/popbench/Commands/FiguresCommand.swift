import ArgumentParser
import Foundation
import PopBenchCore
import PopBenchSuite

/// `popbench figures`: regenerate the declared paper figures.
struct FiguresCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "figures",
        abstract: "Regenerate the paper figures F1...F8 (script, data, SVG, caption) and their index.",
        discussion: FigureSet.all.map { "\($0.id): \($0.summary)" }.joined(separator: "\n"))

    @Flag(help: "Fewer trials, shorter runs, smaller n (stated in each caption); all figures in minutes.") var quick = false
    @Option(help: "Only these figures, comma-separated (e.g. F3,F5).") var only: String?
    @Option(help: "Output directory.") var out: String = "plots/figures"
    @Option(help: "Master seed.") var seed: UInt64 = 1
    @Option(help: "Worker threads (default: number of cores).") var jobs: Int?
    @Flag(help: "Overwrite figures already in the output directory.") var force = false
    @Option(help: "Run only shard K of N of every figure's trial grid (K/N) and store its trials under --out; build nothing.")
    var shard: String?
    @Option(name: .customLong("merge-shards"), help: "Build the figures from the trials stored by figures --shard K/N, K = 1..N.")
    var mergeShards: Int?

    func validate() throws {
        if let j = jobs, j < 1 { throw ValidationError("--jobs: \(j) is not allowed; allowed: a whole number >= 1") }
        if let m = mergeShards, m < 1 { throw ValidationError("--merge-shards: \(m) is not allowed; allowed: a whole number >= 1") }
        if shard != nil && mergeShards != nil { throw ValidationError("--shard: not allowed with --merge-shards") }
    }

    func run() throws {
        let figures = try FigureSet.select(only?.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } ?? [])
        let context = FigureContext(registry: CLI.registry, quick: quick, seed: seed, jobs: jobs) { line in
            FileHandle.standardError.write("figures: \(line)\n".data(using: .utf8)!)
        }
        let dir = URL(fileURLWithPath: out)
        if let shard {
            context.shardMode = .run(try Shard(parsing: shard), directory: dir)
        } else {
            try FigureSet.checkWritable(figures, to: dir, force: force)
            if let mergeShards { context.shardMode = .merge(count: mergeShards, directory: dir) }
        }
        let (written, failures) = try FigureSet.write(figures, context: context, to: dir)
        for w in written {
            print("\(w.id)  \(w.images.joined(separator: ", "))  (\(String(format: "%.1f", w.seconds)) s)")
        }
        if let shard {
            print("shard \(shard): trials stored under \(dir.appendingPathComponent("shards").path); build with figures --merge-shards N")
        } else {
            print("index: \(dir.appendingPathComponent("README.md").path)")
        }
        if !failures.isEmpty {
            for f in failures { FileHandle.standardError.write("popbench: error: \(f)\n".data(using: .utf8)!) }
            throw ExitCode(1)
        }
    }
}
