import PopBenchCore

/// Seeded helpers of the CNN task.
enum CNNRandom {
    /// Fisher-Yates shuffle with the trial generator (deterministic for a seed).
    static func shuffle<T>(_ a: inout [T], rng: inout Xoshiro256) {
        var i = a.count - 1
        while i > 0 {
            let j = Int(rng.bounded(UInt64(i + 1)))
            a.swapAt(i, j)
            i -= 1
        }
    }
}
