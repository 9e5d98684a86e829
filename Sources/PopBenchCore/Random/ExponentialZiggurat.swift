import Foundation

/// Exponential(1) deviates by the ziggurat method (G. Marsaglia and W. W. Tsang, "The ziggurat
/// method for generating random variables", J. Stat. Softw. 5(8), 2000), 256 layers: one 64-bit
/// draw, a multiply and a compare in about 98.9% of the calls, where `-log(1 - U)` costs a
/// logarithm. Exact in law (to the 53-bit resolution of the uniform, as the logarithm is): the
/// rare wedge draws are accepted by comparing with exp(-x), and the tail beyond the last layer
/// is r plus a fresh deviate (the exponential is memoryless).
///
/// The hot paths that draw one exponential per event (the batch engine's run lengths) hold one
/// of these; the tables are built once per process and shared, immutable.
public struct ExponentialZiggurat: Sendable {
    /// Layer widths x[0...256] (x[0] = v / f(r), the base layer's width counting its tail;
    /// x[1] = r; x[256] = 0) and heights y[i] = exp(-x[i]).
    nonisolated(unsafe) public let x: UnsafePointer<Double>
    nonisolated(unsafe) public let y: UnsafePointer<Double>

    /// The right edge of the last rectangular layer for 256 layers of equal area v = (r+1) e^-r
    /// (Marsaglia and Tsang, section 4).
    public static let r = 7.697_117_470_131_049_72

    nonisolated(unsafe) private static let tables: (UnsafePointer<Double>, UnsafePointer<Double>) = {
        let n = 256
        let x = UnsafeMutablePointer<Double>.allocate(capacity: n + 1)
        let y = UnsafeMutablePointer<Double>.allocate(capacity: n + 1)
        let r = ExponentialZiggurat.r
        let v = (r + 1) * Foundation.exp(-r)
        x[0] = v * Foundation.exp(r); x[1] = r
        // x[i+1] = f^-1(f(x[i]) + v / x[i]): each layer [0, x[i]] x [f(x[i]), f(x[i+1])] has area v.
        for i in 1..<(n - 1) { x[i + 1] = -Foundation.log(Foundation.exp(-x[i]) + v / x[i]) }
        x[n] = 0
        for i in 0...n { y[i] = Foundation.exp(-x[i]) }
        return (UnsafePointer(x), UnsafePointer(y))
    }()

    public init() { (x, y) = Self.tables }

    /// One Exponential(1) deviate (inlinable: the batch engine draws one per collision).
    @inlinable @inline(__always)
    public func next(_ rng: inout Xoshiro256) -> Double {
        while true {
            let bits = rng.next()
            let i = Int(truncatingIfNeeded: bits & 0xFF)          // the layer: low 8 bits
            let z = Double(bits >> 11) * 0x1.0p-53 * x[i]         // position in it: high 53 bits
            if z < x[i + 1] { return z }                          // inside the part under the curve
            if let w = edge(i, z, &rng) { return w }
        }
    }

    /// The base layer's tail (i = 0) or a layer's wedge; nil when the point is rejected.
    @usableFromInline @inline(never)
    func edge(_ i: Int, _ z: Double, _ rng: inout Xoshiro256) -> Double? {
        if i == 0 { return Self.r + next(&rng) }
        return y[i] + rng.uniform() * (y[i + 1] - y[i]) < Foundation.exp(-z) ? z : nil
    }
}
