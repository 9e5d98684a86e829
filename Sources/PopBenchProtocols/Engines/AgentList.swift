import PopBenchCore

/// A multiset of small integers (states, or slots of present states) kept one entry per
/// agent, so that a uniformly chosen agent is drawn and removed in O(1): pick a uniform index,
/// move the last entry into its place. The multibatch keeps its known touched agents and its
/// pre-drawn untouched agents here instead of scanning per-state counts (O(m) per draw).
///
/// Storage is owned by the list and grows by doubling when full (rare after the first
/// batches of a run); `free()` releases it.
struct AgentList {
    private var base: UnsafeMutablePointer<Int32>
    private var capacity: Int
    /// The number of entries.
    private(set) var count = 0

    init(capacity: Int) {
        self.capacity = max(capacity, 16)
        base = .allocate(capacity: self.capacity)
    }

    func free() { base.deallocate() }

    /// The i-th entry (0 ..< count), in storage order.
    @inline(__always) subscript(i: Int) -> Int { Int(base[i]) }

    /// Adds one entry.
    @inline(__always) mutating func append(_ x: Int) {
        if count == capacity { grow() }
        base[count] = Int32(truncatingIfNeeded: x)
        count += 1
    }

    /// Adds `times` copies of x.
    mutating func append(_ x: Int, times: Int) {
        while count + times > capacity { grow() }
        (base + count).initialize(repeating: Int32(truncatingIfNeeded: x), count: times)
        count += times
    }

    /// Removes and returns a uniformly chosen entry (requires count > 0).
    @inline(__always) mutating func removeRandom(rng: inout Xoshiro256) -> Int {
        let i = Int(rng.bounded(UInt64(count)))
        let x = base[i]
        count -= 1
        base[i] = base[count]
        return Int(x)
    }

    /// Removes and returns the last entry (requires count > 0): after `shuffle`, successive
    /// calls are successive uniform draws without replacement.
    @inline(__always) mutating func removeLast() -> Int {
        count -= 1
        return Int(base[count])
    }

    /// Puts the entries in a uniformly random order (Fisher-Yates).
    mutating func shuffle(rng: inout Xoshiro256) {
        var i = count
        while i > 1 {
            let j = Int(rng.bounded(UInt64(i)))
            i -= 1
            let x = base[i]; base[i] = base[j]; base[j] = x
        }
    }

    /// Empties the list (keeps the storage).
    @inline(__always) mutating func removeAll() { count = 0 }

    private mutating func grow() {
        let bigger = UnsafeMutablePointer<Int32>.allocate(capacity: 2 * capacity)
        bigger.moveInitialize(from: base, count: count)
        base.deallocate()
        base = bigger
        capacity *= 2
    }
}
