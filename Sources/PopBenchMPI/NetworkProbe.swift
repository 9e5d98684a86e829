import CMPI
import Foundation
import PopBenchCore

/// The measurements behind `popbench calibrate` on MPI ranks: ping-pong between ranks 0 and 1
/// (one-way time = round trip / 2), one-sided `MPI_Get` (lock(shared)/Get/unlock, every rank
/// reading rank + 1's window at once), each `CommunicationPattern` the rank algorithms use (every
/// rank taking part, message sizes 8 B...8 MB), and the compute time per gradient of each task
/// with every rank computing at once (ranks share cores, caches and memory bandwidth, as in a run).
///
/// Rank 0 writes the per-size timings (seconds per operation, one sample per repetition) to a
/// JSON file that the launcher reads and fits.
public enum NetworkProbe {
    /// How much the probe measures: message sizes, repetitions per size, and steps per batch of
    /// the compute timing (each step follows an MPI call).
    public struct Plan: Sendable {
        /// Message sizes in bytes.
        public var sizes: [Int]
        /// Most repetitions at one size.
        public var maxRepetitions: Int
        /// Most SGD steps per batch (10 batches after a warm-up, per pattern).
        public var maxBatch: Int

        /// The profile `validate-model` is meant for: 8 * 4^k bytes, k = 0...10 (8 B to 8 MiB), up
        /// to 200 repetitions, batches of up to 2^8 steps (seconds on an idle machine).
        public static let full = Plan(sizes: (0...10).map { 8 << (2 * $0) }, maxRepetitions: 200, maxBatch: 1 << 11)
        /// A rough profile (`calibrate --quick`): 8 B to 32 KiB, up to 20 repetitions, batches of
        /// up to 32 steps. Every call waits for a time slice when the cores are shared, so the full
        /// plan can take minutes under load; this one stays under a minute (tests, a first look).
        public static let quick = Plan(sizes: (0...6).map { 8 << (2 * $0) }, maxRepetitions: 20, maxBatch: 32)

        /// Repetitions at `bytes`: about 32 MiB moved per size, between 5 and `maxRepetitions`.
        public func repetitions(_ bytes: Int) -> Int { Swift.max(5, Swift.min(maxRepetitions, (32 << 20) / bytes)) }
    }

    /// One size's samples.
    public struct Samples: Sendable, Codable {
        public var bytes: Int
        public var seconds: [Double]
    }

    /// What rank 0 writes.
    public struct Result: Sendable, Codable {
        public var ranks: Int
        public var pingPong: [Samples]
        public var get: [Samples]
        /// Per `CommunicationPattern` raw value.
        public var patterns: [String: [Samples]]
        /// Seconds per SGD step per task, every rank computing at once and each step after an MPI
        /// call: the mean over ranks of each rank's mean, the envelope of the ranks' 95%
        /// intervals, and each pattern's wait after a step.
        public var compute: [CalibrationProfile.Compute]
    }

    /// Runs the probe on this rank (every rank of the job calls it); rank 0 writes `output`.
    public static func run(output: String, tasks: [String], plan: Plan = .full) -> Int32 {
        let world = MPIWorld.initialize()
        guard world.size >= 2 else {
            FileHandle.standardError.write("popbench: error: --ranks: \(world.size) is not allowed for calibrate; allowed: >= 2\n".data(using: .utf8)!)
            world.abort(2)
        }
        let sizes = plan.sizes, maxBytes = sizes.last!
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: maxBytes, alignment: 64)
        let inbox = UnsafeMutableRawPointer.allocate(byteCount: maxBytes, alignment: 64)
        let window = UnsafeMutableRawPointer.allocate(byteCount: maxBytes, alignment: 64)
        buffer.initializeMemory(as: UInt8.self, repeating: 1, count: maxBytes)
        inbox.initializeMemory(as: UInt8.self, repeating: 0, count: maxBytes)
        window.initializeMemory(as: UInt8.self, repeating: 2, count: maxBytes)
        let requests = UnsafeMutablePointer<MPI_Request?>.allocate(capacity: 2)
        defer { buffer.deallocate(); inbox.deallocate(); window.deallocate(); requests.deallocate() }
        var win: MPI_Win? = nil
        MPI_Win_create(window, MPI_Aint(maxBytes), 1, cmpi_info_null(), world.comm, &win)
        let r = world.rank, n = world.size
        let right = Int32((r + 1) % n), left = Int32((r + n - 1) % n)

        /// Times `operation(bytes)` at every size on every rank at once (two warm-up repetitions);
        /// rank 0's times are the samples.
        func time(_ operation: (Int) -> Void) -> [Samples] {
            sizes.map { bytes in
                var times: [Double] = []
                world.barrier()
                for rep in -2..<plan.repetitions(bytes) {
                    let t0 = MPIWorld.now()
                    operation(bytes)
                    if rep >= 0 && r == 0 { times.append(MPIWorld.now() - t0) }
                }
                return Samples(bytes: bytes, seconds: times)
            }
        }

        let pingPong = sizes.map { bytes in
            var times: [Double] = []
            world.barrier()
            for rep in -2..<plan.repetitions(bytes) {  // two warm-up round trips
                if r == 0 {
                    let t0 = MPIWorld.now()
                    world.sendBytes(buffer, count: bytes, to: 1, tag: 7)
                    world.recvBytes(buffer, count: bytes, from: 1, tag: 7)
                    if rep >= 0 { times.append((MPIWorld.now() - t0) / 2) }
                } else if r == 1 {
                    world.recvBytes(buffer, count: bytes, from: 0, tag: 7)
                    world.sendBytes(buffer, count: bytes, to: 0, tag: 7)
                }
            }
            return Samples(bytes: bytes, seconds: times)
        }
        let get = time { bytes in
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
                MPI_Win_lock(cmpi_lock_exclusive(), Int32(r), 0, win)
                window.copyMemory(from: buffer, byteCount: bytes)
                MPI_Win_unlock(Int32(r), win)
                MPI_Win_lock(cmpi_lock_shared(), right, 0, win)
                MPI_Get(inbox, Int32(bytes), cmpi_byte(), right, 0, Int32(bytes), cmpi_byte(), win)
                MPI_Win_unlock(right, win)
            }
        }
        var patterns: [String: [Samples]] = [:]
        for pattern in CommunicationPattern.allCases { patterns[pattern.rawValue] = time { perform(pattern, $0) } }

        // Per task, every rank busy: SGD steps alternating with each pattern at the task's model
        // size (8 d bytes), as a run alternates them. The steps are timed one by one (the compute
        // time per step after an MPI call, averaged over ranks and patterns); each pattern call
        // after a step is timed (what one event of a run pays, `Compute.calls`) and against the
        // same call back to back: the difference is what the ranks wait for one another (they
        // arrive unevenly) and for progress after local work.
        var compute: [CalibrationProfile.Compute] = []
        for task in tasks {
            world.barrier()
            do {
                // Steps per batch: about 20 ms of hot-loop steps, at most `maxBatch`, the same on
                // every rank. Every step follows an MPI call, and a call waits for a time slice
                // when the cores are shared (milliseconds): 2^11 steps made 10^5 calls per task,
                // minutes under load; 2^8 keeps the probe to seconds and the mean's interval narrow.
                let hot = try GradientTimer.time(task: task, nodes: n)
                let batch = Int(world.allReduceMax(Double(Swift.max(1, Swift.min(plan.maxBatch, Int(0.02 / Swift.max(hot.seconds, 1e-9)))))))
                let bytes = 8 * hot.dimension
                var steps: [Double] = [], lows: [Double] = [], highs: [Double] = []
                var waits: [String: Double] = [:], calls: [String: Double] = [:]
                for pattern in CommunicationPattern.allCases {
                    var after = 0.0, count = 0
                    let own = try GradientTimer.time(task: task, nodes: n, batch: batch) {
                        let t0 = MPIWorld.now()
                        perform(pattern, bytes)
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
                compute.append(CalibrationProfile.Compute(task: task, dimension: hot.dimension, seconds: mean, ci: [low, high],
                                                          waits: waits, calls: calls, backToBack: backToBack))
            } catch {
                FileHandle.standardError.write("popbench: error: \(error)\n".data(using: .utf8)!)
                world.abort(2)
            }
        }
        world.barrier()
        MPI_Win_free(&win)
        if r == 0 {
            do {
                try JSON.prettyEncoder().encode(Result(ranks: n, pingPong: pingPong, get: get, patterns: patterns, compute: compute))
                    .write(to: URL(fileURLWithPath: output))
            } catch {
                FileHandle.standardError.write("popbench: error: calibrate: cannot write \(output): \(error)\n".data(using: .utf8)!)
                world.abort(1)
            }
        }
        world.finalize()
        return 0
    }
}
