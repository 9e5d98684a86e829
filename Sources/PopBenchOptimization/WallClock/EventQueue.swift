/// One event of the discrete-event wall clock: something `node` finishes at `time`.
///
/// `partner` and `stamp` are the algorithm's own words (a partner node, or -1; a version that
/// lets an algorithm drop events it has cancelled). `seq` breaks ties between equal times in the
/// order the events were scheduled, so the simulation is deterministic.
public struct SimEvent: Sendable, Hashable {
    public var time: Double
    public var seq: Int
    public var node: Int
    public var partner: Int
    public var stamp: Int

    /// Whether `self` happens before `other`: earlier time, then earlier scheduling.
    @inline(__always)
    func before(_ other: SimEvent) -> Bool {
        time < other.time || (time == other.time && seq < other.seq)
    }
}

/// A binary min-heap of events ordered by (time, scheduling order).
///
/// Capacity is reserved up front (a few events per node), so pushes and pops in an algorithm's
/// loop do not allocate.
public struct EventQueue: Sendable {
    var heap: [SimEvent] = []
    var counter = 0

    public init(capacity: Int) { heap.reserveCapacity(capacity) }

    public var isEmpty: Bool { heap.isEmpty }
    public var count: Int { heap.count }

    /// Schedules an event.
    public mutating func push(time: Double, node: Int, partner: Int = -1, stamp: Int = 0) {
        heap.append(SimEvent(time: time, seq: counter, node: node, partner: partner, stamp: stamp))
        counter += 1
        var k = heap.count - 1
        while k > 0 {
            let p = (k - 1) / 2
            guard heap[k].before(heap[p]) else { break }
            heap.swapAt(k, p)
            k = p
        }
    }

    /// Removes and returns the earliest event, or nil when none is left.
    public mutating func pop() -> SimEvent? {
        guard let top = heap.first else { return nil }
        let last = heap.removeLast()
        if !heap.isEmpty {
            heap[0] = last
            var k = 0
            let c = heap.count
            while true {
                let l = 2 * k + 1, r = l + 1
                var m = k
                if l < c && heap[l].before(heap[m]) { m = l }
                if r < c && heap[r].before(heap[m]) { m = r }
                if m == k { break }
                heap.swapAt(k, m)
                k = m
            }
        }
        return top
    }
}
