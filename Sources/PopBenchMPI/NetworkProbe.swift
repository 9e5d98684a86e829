import CMPI
import Foundation
import PopBenchCore

/// The measurements behind `popbench calibrate` on MPI ranks: ping-pong between ranks 0 and 1
/// (one-way time = round trip / 2) and one-sided `MPI_Get` (lock(shared)/Get/unlock, every
/// rank reading rank + 1's window at once, as PopSGD does), over message sizes 8 B...8 MB.
///
/// Rank 0 writes the per-size timings (seconds per operation, one sample per repetition) to a
/// JSON file that the launcher reads and fits.
public enum NetworkProbe {
    /// Message sizes in bytes: 8 * 4^k, k = 0...10 (8 B to 8 MiB).
    public static let sizes: [Int] = (0...10).map { 8 << (2 * $0) }

    /// Repetitions at `bytes`: about 32 MiB moved per size, between 5 and 200.
    public static func repetitions(_ bytes: Int) -> Int { Swift.max(5, Swift.min(200, (32 << 20) / bytes)) }

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
    }

    /// Runs the probe on this rank (every rank of the job calls it); rank 0 writes `output`.
    public static func run(output: String) -> Int32 {
        let world = MPIWorld.initialize()
        guard world.size >= 2 else {
            FileHandle.standardError.write("popbench: error: --ranks: \(world.size) is not allowed for calibrate; allowed: >= 2\n".data(using: .utf8)!)
            world.abort(2)
        }
        let maxBytes = sizes.last!
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: maxBytes, alignment: 64)
        let window = UnsafeMutableRawPointer.allocate(byteCount: maxBytes, alignment: 64)
        buffer.initializeMemory(as: UInt8.self, repeating: 1, count: maxBytes)
        window.initializeMemory(as: UInt8.self, repeating: 2, count: maxBytes)
        defer { buffer.deallocate(); window.deallocate() }
        var win: MPI_Win? = nil
        MPI_Win_create(window, MPI_Aint(maxBytes), 1, cmpi_info_null(), world.comm, &win)

        var pingPong: [Samples] = [], gets: [Samples] = []
        for bytes in sizes {
            let reps = repetitions(bytes)
            var times: [Double] = []
            world.barrier()
            for rep in -2..<reps {  // two warm-up round trips
                if world.rank == 0 {
                    let t0 = MPIWorld.now()
                    world.sendBytes(buffer, count: bytes, to: 1, tag: 7)
                    world.recvBytes(buffer, count: bytes, from: 1, tag: 7)
                    if rep >= 0 { times.append((MPIWorld.now() - t0) / 2) }
                } else if world.rank == 1 {
                    world.recvBytes(buffer, count: bytes, from: 0, tag: 7)
                    world.sendBytes(buffer, count: bytes, to: 0, tag: 7)
                }
            }
            pingPong.append(Samples(bytes: bytes, seconds: times))

            times = []
            world.barrier()
            let target = Int32((world.rank + 1) % world.size)
            for rep in -2..<reps {
                let t0 = MPIWorld.now()
                MPI_Win_lock(cmpi_lock_shared(), target, 0, win)
                MPI_Get(buffer, Int32(bytes), cmpi_byte(), target, 0, Int32(bytes), cmpi_byte(), win)
                MPI_Win_unlock(target, win)
                if rep >= 0 && world.rank == 0 { times.append(MPIWorld.now() - t0) }
            }
            gets.append(Samples(bytes: bytes, seconds: times))
        }
        world.barrier()
        MPI_Win_free(&win)
        if world.rank == 0 {
            do {
                try JSON.prettyEncoder().encode(Result(ranks: world.size, pingPong: pingPong, get: gets))
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
