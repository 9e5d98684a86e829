/// The real wall clock of an MPI trial: time on the clock is the loop's compute and
/// communication; checkpoints (the collectives that gather metrics) run off the clock.
///
/// Each segment between checkpoints lasts, for the job, as long as its slowest rank took, so the
/// `wall` clock is the sum over segments of the maximum over ranks of the segment's time.
struct RankClock {
    private var segmentStart = MPIWorld.now()
    /// Seconds of real time on the clock so far (the same on every rank after `stop`).
    private(set) var wall = 0.0

    /// Starts a segment.
    mutating func start() { segmentStart = MPIWorld.now() }

    /// Ends the segment: adds the slowest rank's time (a collective: every rank must call it).
    mutating func stop(_ world: MPIWorld) {
        wall += world.allReduceMax(MPIWorld.now() - segmentStart)
    }
}
