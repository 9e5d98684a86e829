import CMPI
import PopBenchCore

/// This rank's side of the communication patterns the rank algorithms call, on buffers of up to
/// `maxBytes` bytes and a window of as many: what `calibrate`'s probe times at every message
/// size, and what `validate-model` times again inside each real run's launch (the same calls,
/// minutes or seconds apart, can differ by 1.6x on a shared host).
///
/// Creating and freeing it are collective (the window): every rank of the job does both.
final class PatternBench {
    let world: MPIWorld
    let maxBytes: Int
    /// The outgoing message, the incoming one, and the memory exposed in the window.
    let buffer, inbox, window: UnsafeMutableRawPointer
    private let requests: UnsafeMutablePointer<MPI_Request?>
    private(set) var win: MPI_Win? = nil
    /// The ring neighbours every pattern talks to.
    let right, left: Int32

    init(world: MPIWorld, maxBytes: Int) {
        self.world = world
        self.maxBytes = Swift.max(maxBytes, 8)
        buffer = .allocate(byteCount: self.maxBytes, alignment: 64)
        inbox = .allocate(byteCount: self.maxBytes, alignment: 64)
        window = .allocate(byteCount: self.maxBytes, alignment: 64)
        buffer.initializeMemory(as: UInt8.self, repeating: 1, count: self.maxBytes)
        inbox.initializeMemory(as: UInt8.self, repeating: 0, count: self.maxBytes)
        window.initializeMemory(as: UInt8.self, repeating: 2, count: self.maxBytes)
        requests = .allocate(capacity: 2)
        let r = world.rank, n = world.size
        right = Int32((r + 1) % n); left = Int32((r + n - 1) % n)
        MPI_Win_create(window, MPI_Aint(self.maxBytes), 1, cmpi_info_null(), world.comm, &win)
    }

    /// Frees the window (collective) and the buffers.
    func free() {
        world.barrier()
        MPI_Win_free(&win)
        buffer.deallocate(); inbox.deallocate(); window.deallocate(); requests.deallocate()
    }

    /// One lock(shared)/`MPI_Get`/unlock epoch reading `bytes` of the right neighbour's window.
    func get(_ bytes: Int) {
        MPI_Win_lock(cmpi_lock_shared(), right, 0, win)
        MPI_Get(inbox, Int32(bytes), cmpi_byte(), right, 0, Int32(bytes), cmpi_byte(), win)
        MPI_Win_unlock(right, win)
    }

    /// One call of `pattern` moving `bytes` per message.
    func perform(_ pattern: CommunicationPattern, _ bytes: Int) {
        switch pattern {
        case .allReduce:
            MPI_Allreduce(cmpi_in_place(), buffer, Int32(Swift.max(bytes / 8, 1)), cmpi_double(), cmpi_sum(), world.comm)
        case .exchange:
            MPI_Irecv(inbox, Int32(bytes), cmpi_byte(), left, 8, world.comm, requests)
            MPI_Isend(buffer, Int32(bytes), cmpi_byte(), right, 8, world.comm, requests + 1)
            MPI_Waitall(2, requests, nil)
        case .ringShifts:
            MPI_Sendrecv(buffer, Int32(bytes), cmpi_byte(), right, 9, inbox, Int32(bytes), cmpi_byte(), left, 9, world.comm, nil)
            MPI_Sendrecv(buffer, Int32(bytes), cmpi_byte(), left, 10, inbox, Int32(bytes), cmpi_byte(), right, 10, world.comm, nil)
        case .publishGet:
            let own = Int32(world.rank)
            MPI_Win_lock(cmpi_lock_exclusive(), own, 0, win)
            window.copyMemory(from: buffer, byteCount: bytes)
            MPI_Win_unlock(own, win)
            get(bytes)
        }
    }

    /// SGD steps of `task` alternating with each of `patterns` at the task's model size (8 d
    /// bytes), as a run alternates them, every rank taking part. The steps are timed one by one
    /// (the compute time per step after an MPI call, averaged over ranks and patterns); each
    /// pattern call after a step is timed (what one event of a run pays: `Compute.calls`) and
    /// against the same call back to back: the difference is what the ranks wait for one another
    /// (they arrive unevenly) and for progress after local work (`Compute.waits`). Means over
    /// ranks; every rank gets the same result.
    ///
    /// Steps per batch (10 batches after a warm-up, per pattern): about 20 ms of hot-loop steps,
    /// at most `maxBatch`, the same on every rank. Every step follows an MPI call, and a call
    /// waits for a time slice when the cores are shared (milliseconds), so a loaded machine
    /// wants a small `maxBatch`.
    func afterSteps(task: String, patterns: [CommunicationPattern], maxBatch: Int) throws -> CalibrationProfile.Compute {
        let n = world.size
        world.barrier()
        let hot = try GradientTimer.time(task: task, nodes: n)
        let batch = Int(world.allReduceMax(Double(Swift.max(1, Swift.min(maxBatch, Int(0.02 / Swift.max(hot.seconds, 1e-9)))))))
        let bytes = 8 * hot.dimension
        precondition(bytes <= maxBytes, "PatternBench: \(task)'s model (\(bytes) B) exceeds the buffers (\(maxBytes) B)")
        var steps: [Double] = [], lows: [Double] = [], highs: [Double] = []
        var waits: [String: Double] = [:], calls: [String: Double] = [:]
        for pattern in patterns {
            var after = 0.0, count = 0
            let own = try GradientTimer.time(task: task, nodes: n, batch: batch) {
                let t0 = MPIWorld.now()
                self.perform(pattern, bytes)
                after += MPIWorld.now() - t0; count += 1
            }
            steps.append(own.seconds); lows.append(own.ci[0]); highs.append(own.ci[1])
            world.barrier()
            let t0 = MPIWorld.now()
            for _ in 0..<count { perform(pattern, bytes) }
            let backToBack = (MPIWorld.now() - t0) / Double(count)
            // Means over ranks (one-sided ranks each pay their own call).
            let call = after / Double(count)
            calls[pattern.rawValue] = world.allReduceSum(call) / Double(n)
            waits[pattern.rawValue] = world.allReduceSum(Swift.max(call - backToBack, 0)) / Double(n)
        }
        let mean = world.allReduceSum(Statistics.mean(steps)) / Double(n)
        let low = -world.allReduceMax(-lows.min()!), high = world.allReduceMax(highs.max()!)
        let backToBack = world.allReduceSum(hot.seconds) / Double(n)
        return CalibrationProfile.Compute(task: task, dimension: hot.dimension, seconds: mean, ci: [low, high],
                                          waits: waits, calls: calls, backToBack: backToBack)
    }
}
