import Foundation
import PopBenchCore

/// The calibration kernel: random reads from a 32 KiB table driven by xoshiro256** and Lemire's
/// bounded integers, the same mix of work as the agent engine's inner loop. Its rate (reads per
/// second) is the unit of every speed metric.
public enum SpeedCalibration {
    /// Reads per second, measured now over about 4 million reads.
    public static func rate(iterations: Int = 4_000_000) -> Double {
        var table = [UInt64](repeating: 0, count: 4096)
        for i in table.indices { table[i] = UInt64(i) &* 0x9E37_79B9_7F4A_7C15 }
        var rng = Xoshiro256(seed: 12345)
        var acc: UInt64 = 0
        let start = DispatchTime.now().uptimeNanoseconds
        table.withUnsafeBufferPointer { t in
            for _ in 0..<iterations {
                let i = Int(truncatingIfNeeded: rng.bounded(4096))
                acc = acc &+ t[i] ^ (acc >> 7)
            }
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        // Keep `acc` alive so the loop is not optimized away.
        if acc == 0x1234_5678 { print("") }
        return Double(iterations) / seconds
    }
}
