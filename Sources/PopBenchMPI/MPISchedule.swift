import PopBenchCore

/// How the ranks of an MPI algorithm without barriers interleave their events.
public enum MPISchedule: String, Sendable, Codable, CaseIterable {
    /// Every rank runs its own events as fast as it can, as the algorithm is deployed; which
    /// model a read sees depends on the machine's timing.
    case free
    /// The ranks take turns in global event order, handing a token around the ring (a zero-byte
    /// message after each event): one event at a time, so no read is stale and a run is
    /// reproducible bit for bit. For checking an implementation on real ranks, not for timing.
    /// Applies to the algorithms whose `Capabilities.MPIExchange.serialSchedule` is true.
    case serial

    /// Checks that every cell of `spec` can run under this schedule.
    public func check(_ spec: ExperimentSpec) throws { try MPIAlgorithms.standard.check(self, spec) }
}
