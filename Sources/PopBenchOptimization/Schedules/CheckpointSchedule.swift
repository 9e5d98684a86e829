import Foundation

/// When to record a checkpoint: log-spaced in parallel time, `perDecade` points per decade
/// (20 by default), plus the last event of the run.
///
/// Events are the algorithm's unit of work (steps, rounds, interactions); `eventsPerUnit` of
/// them make one unit of parallel time (n for pairwise interactions, 1 for rounds). The
/// checkpoints are the distinct event counts ceil(eventsPerUnit * 10^(k/perDecade)), starting
/// at the first event, so early and late parts of a run are sampled alike on a log axis.
public struct CheckpointSchedule: Sendable {
    public let eventsPerUnit: Double
    public let total: Int
    public private(set) var perDecade: Double
    private var k: Int
    /// The event count at which the next checkpoint is recorded (after that many events).
    public private(set) var next: Int
    /// False once the checkpoint at `total` has been passed.
    public private(set) var active: Bool

    /// A schedule for a run of `total` events.
    public init(eventsPerUnit: Double, total: Int, perDecade: Int = 20) {
        self.eventsPerUnit = eventsPerUnit
        self.total = max(total, 0)
        self.perDecade = Double(perDecade)
        // first k with eventsPerUnit * 10^(k/perDecade) >= 1
        k = Int((-log10(eventsPerUnit) * Double(perDecade)).rounded(.down)) - 1
        next = 0
        active = total > 0
        advance()
    }

    /// From the current checkpoint on, uses `perDecade` checkpoints per decade and skips grid
    /// points before `start` units of parallel time (the current `next` is kept).
    public mutating func reshape(perDecade: Int, start: Double) {
        guard perDecade > 0 else { return }
        self.perDecade = Double(perDecade)
        let floorEvent = Swift.max(Double(next), start * eventsPerUnit, 1)
        k = Int((log10(floorEvent / eventsPerUnit) * self.perDecade).rounded(.up)) - 1
    }

    /// Moves to the next checkpoint strictly after the current one.
    public mutating func advance() {
        guard active else { return }
        if next >= total { active = false; return }
        var candidate = next
        while candidate <= next {
            k += 1
            let v = (eventsPerUnit * pow(10, Double(k) / perDecade)).rounded(.up)
            candidate = v >= Double(total) ? total : max(1, Int(v))
        }
        next = candidate
    }
}
