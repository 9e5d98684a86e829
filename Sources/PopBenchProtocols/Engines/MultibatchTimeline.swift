import PopBenchCore

/// What a multibatch tells an observer as it goes, enough to put its interactions back in time
/// order (`MultibatchTimeline`). Times are interaction indices within the batch, from 0.
protocol MultibatchObserver {
    /// Fresh interactions (both agents untouched) at times start ..< start + count, left
    /// unresolved: their agents are a uniform sample of the batch-start states.
    mutating func freshRun(from start: UInt64, count: Int)
    /// A collision met an agent of the `index`-th unresolved fresh interaction (in the
    /// observer's order, uniform over those so far), which is resolved now: p, q -> p2, q2.
    mutating func resolvedFresh(_ index: Int, _ p: Int, _ q: Int, _ p2: Int, _ q2: Int)
    /// The collision at `time`: p, q -> p2, q2.
    mutating func collision(at time: UInt64, _ p: Int, _ q: Int, _ p2: Int, _ q2: Int)
}

/// The observer of an ordinary multibatch: nothing recorded (every call inlines to nothing).
struct UnobservedMultibatch: MultibatchObserver {
    @inline(__always) mutating func freshRun(from start: UInt64, count: Int) {}
    @inline(__always) mutating func resolvedFresh(_ index: Int, _ p: Int, _ q: Int, _ p2: Int, _ q2: Int) {}
    @inline(__always) mutating func collision(at time: UInt64, _ p: Int, _ q: Int, _ p2: Int, _ q2: Int) {}
}

/// One multibatch's interactions in time order, for the exact first time at which the
/// convergence condition holds inside a batch that ends converged.
///
/// The batch is run a second time from the same counts, present-state order and generator
/// state, so it draws the same numbers and makes the same path, this time observed: each
/// collision at its time, each fresh interaction resolved by a collision at the time of that
/// fresh interaction (`resolvedFresh` picks it uniformly among the unresolved ones, which is
/// how the batch's draw treats them: exchangeable), and the pairs of the bulk resolution
/// (`BatchWorkspace.recordBulk`). The fresh interactions left to the bulk are exchangeable, so
/// giving them the bulk pairs in a uniformly random order (a shuffle after the batch's own
/// draws) completes a path with the law of the process. Replaying it interaction by interaction
/// from the batch-start counts finds the first prefix after which the condition holds.
///
/// This replaces re-simulating the segment until a re-simulation converges within it
/// (rejection), whose expected number of attempts is the number of batches in which
/// convergence was possible at all: split-join at 10^7 took 2 to 16,479 attempts per trial
/// (0.01 to 70 s). The replay costs O(batch length) once per run, and at most about 32 bytes
/// per interaction of the batch (times, order, the bulk's recorded pairs and their outcomes),
/// so it is used up to `BatchEngine.replayLimit`.
struct MultibatchTimeline: MultibatchObserver {
    /// Times of the fresh interactions not resolved yet (any order).
    private(set) var freshTimes: [UInt32] = []
    /// Interactions resolved one at a time: time, states before and after.
    private(set) var resolved: [(time: UInt32, p: Int32, q: Int32, p2: Int32, q2: Int32)] = []

    mutating func freshRun(from start: UInt64, count: Int) {
        for t in start..<(start + UInt64(count)) { freshTimes.append(UInt32(t)) }
    }

    mutating func resolvedFresh(_ index: Int, _ p: Int, _ q: Int, _ p2: Int, _ q2: Int) {
        let time = freshTimes[index]
        freshTimes[index] = freshTimes[freshTimes.count - 1]
        freshTimes.removeLast()
        resolved.append((time, Int32(p), Int32(q), Int32(p2), Int32(q2)))
    }

    mutating func collision(at time: UInt64, _ p: Int, _ q: Int, _ p2: Int, _ q2: Int) {
        resolved.append((UInt32(time), Int32(p), Int32(q), Int32(p2), Int32(q2)))
    }

    /// An interaction p, q -> p2, q2 in 64 bits (states below 2^16).
    typealias Packed = UInt64

    static func pack(_ p: Int, _ q: Int, _ p2: Int, _ q2: Int) -> Packed {
        UInt64(p) << 48 | UInt64(q) << 32 | UInt64(p2) << 16 | UInt64(q2)
    }

    static func unpack(_ e: Packed) -> (p: Int, q: Int, p2: Int, q2: Int) {
        (Int(e >> 48), Int(e >> 32 & 0xFFFF), Int(e >> 16 & 0xFFFF), Int(e & 0xFFFF))
    }

    /// The batch's `length` interactions in time order, as indices into `outcomes` (`pack`ed),
    /// with the bulk pairs `bulk` (ordered state pairs and counts, summing to the fresh
    /// interactions left) placed in a uniformly random order; `rule` gives a pair's outcome.
    mutating func interactions(length: Int, bulk: [(p: Int32, q: Int32, count: Int)], rule: (Int, Int) -> (Int, Int),
                               rng: inout Xoshiro256) -> (order: [UInt32], outcomes: [Packed]) {
        precondition(bulk.reduce(0) { $0 + $1.count } == freshTimes.count, "bulk pairs and unresolved fresh interactions differ")
        // A uniformly random order of the unresolved times, filled with the pairs in any fixed order.
        var i = freshTimes.count
        while i > 1 {
            let j = Int(rng.bounded(UInt64(i)))
            i -= 1
            freshTimes.swapAt(i, j)
        }
        var order = [UInt32](repeating: .max, count: length)
        var outcomes: [Packed] = []
        outcomes.reserveCapacity(bulk.count + resolved.count)
        var next = 0
        for e in bulk {
            let index = UInt32(outcomes.count)
            if e.q < 0 {
                outcomes.append(Self.pack(0, 0, 0, 0))   // null interactions (responders not told apart): no change
            } else {
                let (p2, q2) = rule(Int(e.p), Int(e.q))
                outcomes.append(Self.pack(Int(e.p), Int(e.q), p2, q2))
            }
            for _ in 0..<e.count { order[Int(freshTimes[next])] = index; next += 1 }
        }
        for e in resolved {
            order[Int(e.time)] = UInt32(outcomes.count)
            outcomes.append(Self.pack(Int(e.p), Int(e.q), Int(e.p2), Int(e.q2)))
        }
        precondition(!order.contains(.max), "an interaction of the batch was not observed")
        return (order, outcomes)
    }

    /// Replays `order` (from `interactions`) from the counts `start`, returning the first
    /// prefix length after which the condition (with the `relaxed` comparison, if any) holds,
    /// and the counts then; nil when it never does within the batch.
    static func firstConvergence(_ table: CompiledProtocol, from start: [Int], order: [UInt32],
                                 outcomes: [Packed],
                                 relaxed: Convergence.Comparison?) -> (interactions: UInt64, counts: [Int])? {
        var c = start
        var tracker = ConvergenceTracker(table, counts: c, comparison: relaxed)
        let found: Int? = c.withUnsafeMutableBufferPointer { cb in
            for (t, index) in order.enumerated() {
                let e = unpack(outcomes[Int(index)])
                if tracker.apply(from: (e.p, e.q), to: (e.p2, e.q2), counts: cb) { return t + 1 }
            }
            return nil
        }
        guard let found else { return nil }
        return (UInt64(found), c)
    }
}
