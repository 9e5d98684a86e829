import Foundation
import Testing
import PopBenchTestSupport

/// `--shard K/N` and `popbench merge`: the shards of a run, merged, are the unsharded run.
@Suite struct ShardMergeTests {
    static let common = ["compare", "--algos", "sgd,popsgd", "--task", "mean", "--nodes", "16,32", "--trials", "6",
                         "--budget", "300", "--jobs", "2"]

    func lines(_ cli: CLIRunner, _ path: String) throws -> [Substring] {
        String(decoding: try cli.read(path), as: UTF8.self).split(separator: "\n")
    }

    /// Two shards (in either order on the command line) merge into the unsharded run: the same
    /// trials.jsonl byte for byte, the same summary.csv, plots with the same data.
    @Test func twoShardsMergeIntoTheUnshardedRun() throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        #expect(try cli.run(Self.common + ["--run-id", "whole"]).status == 0)
        for k in 1...2 {
            let r = try cli.run(Self.common + ["--shard", "\(k)/2", "--run-id", "s\(k)", "--json"])
            #expect(r.status == 0, "\(r.stderr)")
            #expect(r.stdout.contains("\"shard\" : \"\(k)/2\""), "\(r.stdout)")
        }
        let s1 = try lines(cli, "results/s1/trials.jsonl"), s2 = try lines(cli, "results/s2/trials.jsonl")
        #expect(s1.count == 12 && s2.count == 12, "shard sizes \(s1.count), \(s2.count) of 24")
        #expect(Set(s1).isDisjoint(with: Set(s2)))
        let r = try cli.run(["merge", "s2", "s1", "--run-id", "merged"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try cli.read("results/merged/trials.jsonl") == cli.read("results/whole/trials.jsonl"))
        #expect(try cli.read("results/merged/summary.csv") == cli.read("results/whole/summary.csv"))
        let dats = cli.entries("plots/whole").filter { $0.hasSuffix(".dat") }.sorted()
        #expect(!dats.isEmpty && dats == cli.entries("plots/merged").filter { $0.hasSuffix(".dat") }.sorted())
        for f in dats { #expect(try cli.read("plots/merged/\(f)") == cli.read("plots/whole/\(f)"), "\(f)") }
    }

    /// A missing shard, a run listed twice, a shard out of range: one-line errors, exit 2,
    /// nothing written.
    @Test func badShardsAreUsageErrors() throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        let bad = try cli.run(Self.common + ["--shard", "3/2"])
        #expect(bad.status == 2 && bad.stderr.contains("--shard"), "\(bad.stderr)")
        let zero = try cli.run(Self.common + ["--shard", "1/0"])
        #expect(zero.status == 2 && zero.stderr.contains("--shard"), "\(zero.stderr)")
        #expect(cli.entries("results").isEmpty)
        #expect(try cli.run(Self.common + ["--shard", "1/3", "--run-id", "a"]).status == 0)
        let missing = try cli.run(["merge", "a", "--run-id", "m"])
        #expect(missing.status == 2 && missing.stderr.contains("2/3, 3/3 missing"), "\(missing.stderr)")
        let twice = try cli.run(["merge", "a", "a"])
        #expect(twice.status == 2 && twice.stderr.contains("listed twice"), "\(twice.stderr)")
        #expect(!cli.entries("results").contains("m"))
    }
}
