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
        /// to 200 repetitions, batches of up to 2^11 steps (about a run's 2 x 10^4 calls per
        /// pattern; 9 s on an idle machine, minutes under load).
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
        let sizes = plan.sizes
        // Buffers for the largest message: the plan's, or a task's model (cnn: 79 kB > --quick's 32 KiB).
        let models: [Int]
        do { models = try tasks.map { 8 * (try GradientTimer.dimension(task: $0)) } } catch {
            FileHandle.standardError.write("popbench: error: \(error)\n".data(using: .utf8)!)
            world.abort(2)
        }
        let bench = PatternBench(world: world, maxBytes: ([sizes.last!] + models).max()!)
        let r = world.rank

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
                    world.sendBytes(bench.buffer, count: bytes, to: 1, tag: 7)
                    world.recvBytes(bench.buffer, count: bytes, from: 1, tag: 7)
                    if rep >= 0 { times.append((MPIWorld.now() - t0) / 2) }
                } else if r == 1 {
                    world.recvBytes(bench.buffer, count: bytes, from: 0, tag: 7)
                    world.sendBytes(bench.buffer, count: bytes, to: 0, tag: 7)
                }
            }
            return Samples(bytes: bytes, seconds: times)
        }
        let get = time { bench.get($0) }
        var patterns: [String: [Samples]] = [:]
        for pattern in CommunicationPattern.allCases { patterns[pattern.rawValue] = time { bench.perform(pattern, $0) } }

        // Per task, every rank busy: steps alternating with each pattern (`PatternBench.afterSteps`).
        // The full plan's 2^11 steps per batch make about 2 x 10^4 calls per pattern, a run's
        // length; under load each call waits a time slice (minutes), hence `--quick`.
        var compute: [CalibrationProfile.Compute] = []
        for task in tasks {
            do {
                compute.append(try bench.afterSteps(task: task, patterns: CommunicationPattern.allCases, maxBatch: plan.maxBatch))
            } catch {
                FileHandle.standardError.write("popbench: error: \(error)\n".data(using: .utf8)!)
                world.abort(2)
            }
        }
        bench.free()
        if r == 0 {
            do {
                try JSON.prettyEncoder().encode(Result(ranks: world.size, pingPong: pingPong, get: get, patterns: patterns, compute: compute))
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
