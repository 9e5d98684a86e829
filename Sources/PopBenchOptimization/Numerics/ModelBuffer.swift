/// Node models in one contiguous buffer (node-major: node i's model is x[i*d ..< (i+1)*d]),
/// plus the d-long average computed at checkpoints, allocated once per trial.
///
/// A plain value holding raw pointers; algorithms get theirs from `TrialBuffers`, which frees
/// them when the trial ends. Nothing is allocated inside the loops that use it.
public struct ModelBuffer {
    public let n: Int
    public let d: Int
    /// n * d model coordinates.
    public let x: UnsafeMutablePointer<Double>
    /// d-long scratch: the average model at checkpoints.
    public let average: UnsafeMutablePointer<Double>

    /// n copies of `initial`.
    public init(n: Int, d: Int, initial: (UnsafeMutablePointer<Double>) -> Void) {
        self.n = n; self.d = d
        x = .allocate(capacity: max(n * d, 1))
        average = .allocate(capacity: max(d, 1))
        initial(x)
        for i in 1..<max(n, 1) { (x + i * d).update(from: x, count: d) }
        average.update(repeating: 0, count: d)
    }

    /// Node i's model.
    @inlinable @inline(__always)
    public func model(_ i: Int) -> UnsafeMutablePointer<Double> { x + i * d }

    /// Writes x_bar = (1/n) sum_i x_i into `average` and returns Gamma = (1/n) sum_i ||x_i - x_bar||^2
    /// (two passes, no cancellation). O(n d): called at checkpoints only.
    @discardableResult
    public func computeAverageAndGamma() -> Double {
        average.update(repeating: 0, count: d)
        for i in 0..<n {
            let xi = x + i * d
            for k in 0..<d { average[k] += xi[k] }
        }
        let inv = 1 / Double(n)
        for k in 0..<d { average[k] *= inv }
        var g = 0.0
        for i in 0..<n {
            let xi = x + i * d
            for k in 0..<d { let r = xi[k] - average[k]; g += r * r }
        }
        return g * inv
    }

    /// Frees the buffers.
    public func deallocate() { x.deallocate(); average.deallocate() }
}
