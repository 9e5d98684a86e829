import PopBenchCore

/// The compiled table a catalog protocol runs at population n with its default parameters (and
/// a majority gap where the task has one): what the measured protocol table reports as "states
/// allocated" and simulates to count the states actually visited.
public enum CatalogTables {
    /// The table of catalog protocol `name` at n, or nil when `name` is not a finite-state
    /// catalog protocol (gossip, optimization plugins).
    public static func compiled(_ name: String, n: Int, overrides: [String: String] = [:]) throws -> CompiledProtocol? {
        guard let plugin = ProtocolFamily.protocols.first(where: { $0.descriptor.name == name }) else { return nil }
        return plugin.table(try plugin.setup(n: n, overrides: overrides))
    }

    /// The initial state counts of catalog protocol `name` at n on its task (majority: the
    /// default side A with margin `gap` n).
    public static func initialCounts(_ table: CompiledProtocol, task: String, n: Int, gap: Double) throws -> [Int] {
        task == "majority" ? try table.initialCounts(n: n, gap: gap) : try table.initialCounts(n: n)
    }

    /// Simulates `interactions` interactions agent by agent from `counts` and returns how many
    /// distinct states were occupied at some point (initial states included).
    public static func visitedStates(_ table: CompiledProtocol, counts: [Int], interactions: UInt64,
                                     rng: inout Xoshiro256) -> Int {
        var agents: [Int32] = []
        agents.reserveCapacity(counts.reduce(0, +))
        for (s, c) in counts.enumerated() { agents += repeatElement(Int32(s), count: c) }
        let n = agents.count
        guard n >= 2 else { return counts.filter { $0 > 0 }.count }
        var seen = [Bool](repeating: false, count: table.stateCount)
        for (s, c) in counts.enumerated() where c > 0 { seen[s] = true }
        let shift = table.shift
        table.nextInitiator.withUnsafeBufferPointer { ni in
            table.nextResponder.withUnsafeBufferPointer { nr in
                agents.withUnsafeMutableBufferPointer { a in
                    seen.withUnsafeMutableBufferPointer { v in
                        var t: UInt64 = 0
                        while t < interactions {
                            let i = Int(rng.bounded(UInt64(n)))
                            var j = Int(rng.bounded(UInt64(n - 1)))
                            if j >= i { j += 1 }
                            let pair = Int(a[i]) << shift | Int(a[j])
                            let p2 = ni[pair], q2 = nr[pair]
                            a[i] = p2; a[j] = q2
                            v[Int(p2)] = true; v[Int(q2)] = true
                            t += 1
                        }
                    }
                }
            }
        }
        return seen.filter { $0 }.count
    }
}
