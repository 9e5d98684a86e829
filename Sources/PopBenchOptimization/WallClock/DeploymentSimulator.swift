import PopBenchCore

/// The discrete-event simulation of an algorithm as deployed: the engine behind every
/// optimization algorithm's simulated wall clock (the `wall` clock) and its `bytes` clock.
///
/// Each node runs its own loop (compute, then communicate); an algorithm schedules what each
/// node finishes and when, and takes the events back in time order (`next`), applying its model
/// reads and writes at those times, so waiting and staleness come out of the timing. Synchronous
/// algorithms use the same per-node compute draws through `computeAll`/`barrier`.
///
/// The engine also keeps the `bytes` clock: bytes sent, summed over nodes (`bytesPerNode`
/// divides by n). Compute times come from the trial's cost generator (split from the trial's
/// generator by `TrialDriver`), so draws never disturb the optimization's own generator.
public struct DeploymentSimulator: Sendable {
    public let n: Int
    public let cost: CostModel
    /// Persistent slowness s_i of each node (1, or `straggler-factor` for the stragglers).
    public private(set) var slowness: [Double]
    /// Per-node clocks of the synchronous helpers: when node i is done with everything so far.
    public private(set) var times: [Double]
    /// The pending events of asynchronous algorithms.
    public var queue: EventQueue
    /// The latest instant reached: the run's wall clock.
    public private(set) var now: Double = 0
    /// Bytes sent, summed over all nodes.
    public private(set) var bytesSent: Double = 0
    /// When each node's link is free to send, and to receive (a full-duplex NIC: one outgoing and
    /// one incoming transfer at a time). See `transfer`.
    public private(set) var sendFree: [Double]
    public private(set) var receiveFree: [Double]
    var rng: Xoshiro256

    /// An engine for n nodes; draws the persistent stragglers (round(f n) of them, uniformly) from `rng`.
    public init(n: Int, cost: CostModel, rng: Xoshiro256) {
        self.n = n; self.cost = cost; self.rng = rng
        slowness = [Double](repeating: 1, count: n)
        times = [Double](repeating: 0, count: n)
        sendFree = [Double](repeating: 0, count: n)
        receiveFree = [Double](repeating: 0, count: n)
        queue = EventQueue(capacity: 4 * n + 8)
        let k = cost.stragglerCount(n: n)
        if k > 0 {
            var order = Array(0..<n)
            for a in 0..<k {   // partial Fisher-Yates: the first k of a uniform permutation
                let b = a + Int(self.rng.bounded(UInt64(n - a)))
                order.swapAt(a, b)
                slowness[order[a]] = cost.stragglerFactor
            }
        }
    }

    /// One gradient's compute time at node i: s_i c e (see `CostModel`).
    public mutating func computeTime(_ i: Int) -> Double {
        slowness[i] * cost.computeTime * cost.noise(&rng)
    }

    /// Counts `bytes` sent by one node.
    public mutating func send(_ bytes: Double) { bytesSent += bytes }

    /// One point-to-point transfer of `bytes` from node `src` to node `dst` (a message, a one-sided
    /// get of src's memory by dst, a push), requested at `ready`: it starts when both the sender's
    /// outgoing link and the receiver's incoming link are free, start = max(ready, sendFree[src],
    /// receiveFree[dst]), holds both for bytes/beta (the serialization; latency alpha is in flight
    /// and holds no link), and arrives at start + alpha + bytes/beta, which it returns. So k
    /// transfers out of one node (k readers of its model) requested at once arrive after
    /// alpha + k M/beta, about k times one transfer when M/beta dominates. Requests are served in
    /// the order they are made (FIFO per link); the event-driven rules make them at their event
    /// times, so the order is the time order. Where a rule requests a transfer for a later
    /// instant (the symmetric rendezvous waits for the partner's gradient; AD-PSGD's reply follows
    /// the first transfer) it reserves the links at the request, so a request made afterwards for
    /// an earlier instant queues behind it: conservative by at most one transfer. The caller counts
    /// the bytes (`send`) when the transfer counts for its algorithm.
    @discardableResult
    public mutating func transfer(from src: Int, to dst: Int, bytes: Double, ready: Double) -> Double {
        let busy = bytes / cost.bandwidth
        let start = Swift.max(ready, sendFree[src], receiveFree[dst])
        sendFree[src] = start + busy
        receiveFree[dst] = start + busy
        return start + busy + cost.latency
    }

    /// Bytes sent per node so far.
    public var bytesPerNode: Double { bytesSent / Double(Swift.max(n, 1)) }

    /// Schedules an event of an asynchronous algorithm.
    public mutating func schedule(_ node: Int, at time: Double, partner: Int = -1, stamp: Int = 0) {
        queue.push(time: time, node: node, partner: partner, stamp: stamp)
    }

    /// The earliest pending event; the wall clock advances to its time.
    public mutating func next() -> SimEvent? {
        guard let e = queue.pop() else { return nil }
        if e.time > now { now = e.time }
        return e
    }

    // MARK: synchronous helpers (per-node clocks in `times`)

    /// Every node computes one gradient from its own clock: times[i] += compute time.
    public mutating func computeAll() {
        for i in 0..<n {
            times[i] += computeTime(i)
            if times[i] > now { now = times[i] }
        }
    }

    /// Node i's clock moves to `time` (an event that ends at a computed instant).
    public mutating func set(_ i: Int, _ time: Double) {
        times[i] = time
        if time > now { now = time }
    }

    /// All nodes wait for the slowest (a barrier), then spend `duration` together (a collective).
    public mutating func barrier(then duration: Double) {
        var end = 0.0
        for i in 0..<n where times[i] > end { end = times[i] }
        end += duration
        for i in 0..<n { times[i] = end }
        if end > now { now = end }
    }

    /// A synchronous all-reduce of models or gradients: barrier on the slowest node, then the
    /// cost model's all-reduce; every node sends its share of bytes.
    public mutating func allReduce() {
        barrier(then: cost.allReduce(n))
        bytesSent += Double(n) * cost.allReduceBytes(n)
    }
}
