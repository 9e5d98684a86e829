import PopBenchCore

/// Per-node simulated clocks for the discrete-event wall-clock model.
///
/// Each node's clock is the time at which it has finished everything it has done so far. An
/// event that needs several nodes (a pairwise exchange, a gossip round, an all-reduce) starts
/// when the last of them is ready. The wall clock of the run is the latest node clock: the time
/// at which all recorded work is done.
public struct NodeClocks: Sendable {
    public private(set) var times: [Double]
    /// max over nodes, kept up to date.
    public private(set) var wall: Double = 0

    public init(n: Int) { times = [Double](repeating: 0, count: n) }

    /// Pairwise event: both compute (times `ci`, `cj`), then exchange (cost `link`); both end together.

    public mutating func pair(_ i: Int, _ j: Int, ci: Double, cj: Double, link: Double) {
        let end = Swift.max(times[i] + ci, times[j] + cj) + link
        times[i] = end; times[j] = end
        if end > wall { wall = end }
    }

    /// One-sided pairwise event: j computes (time `cj`) and goes on without waiting; i computes
    /// (time `ci`), waits for j's result, then reads j's model (cost `link`).
    public mutating func oneSided(_ i: Int, _ j: Int, ci: Double, cj: Double, link: Double) {
        let readyJ = times[j] + cj
        let end = Swift.max(times[i] + ci, readyJ) + link
        times[i] = end; times[j] = readyJ
        if end > wall { wall = end }
        if readyJ > wall { wall = readyJ }
    }

    /// Node i works alone for `duration`.

    public mutating func work(_ i: Int, _ duration: Double) {
        times[i] += duration
        if times[i] > wall { wall = times[i] }
    }

    /// Node i waits until `time` if it is not there yet.

    public mutating func wait(_ i: Int, until time: Double) {
        if times[i] < time { times[i] = time }
        if times[i] > wall { wall = times[i] }
    }

    /// All nodes synchronize (barrier), then spend `duration` together (e.g. an all-reduce).

    public mutating func barrier(then duration: Double) {
        let end = wall + duration
        for k in times.indices { times[k] = end }
        wall = end
    }

    /// Sets node i's clock to `time` (an event that ends at a computed instant).
    public mutating func set(_ i: Int, _ time: Double) {
        times[i] = time
        if time > wall { wall = time }
    }
}
