import Foundation
import Testing
import PopBenchTestSupport

/// `figures --shard K/N` then `--merge-shards N`: the figures built from the stored shares equal
/// those of an unsharded run (same data files, same captions).
@Suite struct FigureShardTests {
    @Test func shardedFigureEqualsTheUnshardedOne() throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        let common = ["figures", "--quick", "--only", "F6", "--jobs", "2"]
        #expect(try cli.run(common + ["--out", "whole"]).status == 0)
        for k in 1...2 {
            let r = try cli.run(common + ["--out", "sharded", "--shard", "\(k)/2"])
            #expect(r.status == 0, "\(r.stderr)")
        }
        #expect(!cli.entries("sharded").contains { $0.hasSuffix(".dat") }, "a shard built a figure")
        let early = try cli.run(common + ["--out", "partial", "--shard", "1/3"])
        #expect(early.status == 0)
        let missing = try cli.run(common + ["--out", "partial", "--merge-shards", "3"])
        #expect(missing.status == 1 && missing.stderr.contains("shard 2/3 is missing"), "\(missing.stderr)")
        let r = try cli.run(common + ["--out", "sharded", "--merge-shards", "2"])
        #expect(r.status == 0, "\(r.stderr)")
        let files = cli.entries("whole").filter { $0.hasSuffix(".dat") || $0.hasSuffix(".caption.txt") }.sorted()
        #expect(!files.isEmpty)
        for f in files { #expect(try cli.read("sharded/\(f)") == cli.read("whole/\(f)"), "\(f)") }
    }
}
