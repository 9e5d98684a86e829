import Testing
import PopBenchCore

/// The shard assignment: the N shards partition the trial grid, evenly, and only K/N with
/// 1 <= K <= N parses.
@Suite struct ShardTests {
    @Test func shardsPartitionTheGridEvenly() throws {
        for (cells, trials, n) in [(3, 7, 2), (4, 6, 3), (1, 5, 5), (2, 3, 8)] {
            var owners: [Int] = []
            for c in 0..<cells {
                for t in 0..<trials {
                    let key = TrialKey(cell: c, trial: t)
                    let own = try (1...n).filter { try Shard(index: $0, count: n).owns(key, trials: trials) }
                    #expect(own.count == 1, "trial \(key) owned by \(own)")
                    owners += own
                }
            }
            let counts = (1...n).map { k in owners.filter { $0 == k }.count }
            #expect(counts.max()! - counts.min()! <= 1, "uneven shares \(counts)")
        }
    }

    @Test func parsing() throws {
        #expect(try Shard(parsing: "2/3") == Shard(index: 2, count: 3))
        #expect(try Shard(parsing: "1/1").description == "1/1")
        for bad in ["0/2", "3/2", "1/0", "1", "a/b", "1/2/3", "-1/2", ""] {
            #expect(throws: UsageError.self) { try Shard(parsing: bad) }
        }
    }
}
