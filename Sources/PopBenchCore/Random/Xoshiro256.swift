import Foundation

/// xoshiro256** (Blackman, Vigna 2018): the generator every trial uses. Fast, 256-bit state,
/// passes BigCrush; seeded through SplitMix64 as its authors recommend.
public struct Xoshiro256: RandomNumberGenerator, Sendable {
    @usableFromInline var s0: UInt64, s1: UInt64, s2: UInt64, s3: UInt64
    /// A cached second normal deviate from the polar method.
    @usableFromInline var spareNormal: Double = .nan

    public init(seed: UInt64) {
        var sm = SplitMix64(seed: seed)
        s0 = sm.next(); s1 = sm.next(); s2 = sm.next(); s3 = sm.next()
    }

    @inlinable @inline(__always)
    public mutating func next() -> UInt64 {
        let result = rotl(s1 &* 5, 7) &* 9
        let t = s1 << 17
        s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3
        s2 ^= t
        s3 = rotl(s3, 45)
        return result
    }

    @inlinable @inline(__always)
    func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 &- k)) }

    /// An unbiased integer in 0..<bound by Lemire's multiply-and-reject method
    /// (D. Lemire, "Fast random integer generation in an interval", TOMACS 2019).
    @inlinable @inline(__always)
    public mutating func bounded(_ bound: UInt64) -> UInt64 {
        precondition(bound > 0)
        var m = next().multipliedFullWidth(by: bound)
        if m.low < bound {
            let threshold = (0 &- bound) % bound
            while m.low < threshold { m = next().multipliedFullWidth(by: bound) }
        }
        return m.high
    }

    /// A uniform real in [0, 1) with 53 random bits.
    @inlinable @inline(__always)
    public mutating func uniform() -> Double { Double(next() >> 11) * 0x1.0p-53 }

    /// A standard normal deviate (Marsaglia's polar method; the second deviate is cached).
    @inlinable
    public mutating func normal() -> Double {
        if !spareNormal.isNaN {
            let v = spareNormal
            spareNormal = .nan
            return v
        }
        while true {
            let u = 2 * uniform() - 1, v = 2 * uniform() - 1
            let s = u * u + v * v
            if s > 0 && s < 1 {
                let f = (-2 * Foundation.log(s) / s).squareRoot()
                spareNormal = v * f
                return u * f
            }
        }
    }

    /// An exponential deviate with rate 1.
    @inlinable
    public mutating func exponential() -> Double { -Foundation.log1p(-uniform()) }
}
