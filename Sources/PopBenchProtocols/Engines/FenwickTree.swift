/// A Fenwick (binary indexed) tree over non-negative counts (Fenwick, "A new data structure for
/// cumulative frequency tables", Software: Practice and Experience 24(3), 1994): change one count
/// and find the item holding a given rank in O(log size), so that drawing an agent uniformly
/// from per-state counts costs O(log m) instead of a linear scan over the m states.
///
/// Works on caller-owned storage of `capacity + 1` Ints (no allocation); 1-based inside.
struct FenwickTree {
    private let tree: UnsafeMutableBufferPointer<Int>
    private(set) var size = 0
    private var top = 0

    /// A tree over at most `storage.count - 1` items, empty until `build` or `clear`.
    init(storage: UnsafeMutableBufferPointer<Int>) { tree = storage }

    /// Sets the items to `value(0..<count)` in O(count).
    mutating func build(count: Int, _ value: (Int) -> Int) {
        size = count
        top = 1
        while top * 2 <= count { top *= 2 }
        tree[0] = 0
        for i in 0..<count { tree[i + 1] = value(i) }
        var i = 1
        while i <= count {
            let j = i + (i & -i)
            if j <= count { tree[j] += tree[i] }
            i += 1
        }
    }

    /// Sets `count` items to zero.
    mutating func clear(count: Int) { build(count: count) { _ in 0 } }

    /// Adds `delta` to item `i`.
    @inline(__always) func add(_ i: Int, _ delta: Int) {
        var j = i + 1
        while j <= size { tree[j] += delta; j += j & -j }
    }

    /// The item holding rank `r` (0-based) when items are laid out in order, each repeated by
    /// its count: the i with count(0..<i) <= r < count(0...i). Requires r < total.
    @inline(__always) func find(_ r: Int) -> Int {
        var pos = 0, rest = r, step = top
        while step > 0 {
            let next = pos + step
            if next <= size && tree[next] <= rest { pos = next; rest -= tree[next] }
            step >>= 1
        }
        return pos
    }
}
