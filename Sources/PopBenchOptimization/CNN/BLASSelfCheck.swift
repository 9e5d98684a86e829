import PopBenchCore

/// Checks that the loaded BLAS computes correct single-precision products: what makes a
/// hand-picked OpenBLAS core safe to use.
public enum BLASSelfCheck {
    /// Shapes (m, n, k) that cover kernel edges: scalars, sizes below, at and above typical
    /// register blocks (4, 8, 16, 32, 48) and a long k, each with all four transpose cases.
    static let shapes: [(Int, Int, Int)] = [(1, 1, 1), (7, 5, 3), (37, 53, 29), (64, 64, 64), (130, 17, 300), (3, 200, 9)]

    /// nil when every product C = op(A) op(B) (alpha 1.5, beta 0.5 onto a non-zero C) matches a
    /// Float64 reference within the rounding bound |c - ref| <= (k + 2) u sum_p |a_ip b_pj| +
    /// |beta c0| u, u = 2^-23 (Higham, Accuracy and Stability, section 3.5, with margin 2);
    /// otherwise a description of the first wrong entry. A wrong kernel misses by O(1). Takes a
    /// few milliseconds.
    public static func sgemmProblem(seed: UInt64 = 7) -> String? {
        sgemmProblem(seed: seed) { ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc in
            BLAS.gemm(transA: ta, transB: tb, m: m, n: n, k: k, alpha: alpha, a: a, lda: lda,
                      b: b, ldb: ldb, beta: beta, c: &c, ldc: ldc)
        }
    }

    /// A row-major sgemm with BLAS.gemm's arguments: (transA, transB, m, n, k, alpha, A, lda,
    /// B, ldb, beta, C, ldc).
    public typealias Product = (Bool, Bool, Int, Int, Int, Float, [Float], Int, [Float], Int, Float, inout [Float], Int) -> Void

    /// The check of `sgemmProblem()` applied to any `product` (tests hand it a wrong one).
    public static func sgemmProblem(seed: UInt64, product: Product) -> String? {
        var rng = Xoshiro256(seed: seed)
        let u = 1.0 / Double(1 << 23)
        for (m, n, k) in shapes {
            for (ta, tb) in [(false, false), (true, false), (false, true), (true, true)] {
                let a = (0..<(m * k)).map { _ in Float(rng.uniform() * 2 - 1) }
                let b = (0..<(k * n)).map { _ in Float(rng.uniform() * 2 - 1) }
                let c0 = (0..<(m * n)).map { _ in Float(rng.uniform() * 2 - 1) }
                var c = c0
                let alpha: Float = 1.5, beta: Float = 0.5
                // Stored shapes: A is m x k (or k x m when transposed), B is k x n (or n x k).
                let lda = ta ? m : k, ldb = tb ? k : n
                product(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, &c, n)
                for i in 0..<m {
                    for j in 0..<n {
                        var ref = 0.0, magnitude = 0.0
                        for p in 0..<k {
                            let x = Double(ta ? a[p * m + i] : a[i * k + p]) * Double(tb ? b[j * k + p] : b[p * n + j])
                            ref += x; magnitude += Swift.abs(x)
                        }
                        let expected = Double(alpha) * ref + Double(beta) * Double(c0[i * n + j])
                        let bound = Double(k + 2) * u * Double(alpha) * magnitude + 2 * u * Swift.abs(Double(c0[i * n + j])) + 1e-30
                        let got = Double(c[i * n + j])
                        if !(Swift.abs(got - expected) <= bound) {
                            return "sgemm \(m)x\(n)x\(k) transA \(ta) transB \(tb): C[\(i),\(j)] = \(got), expected \(expected)"
                        }
                    }
                }
            }
        }
        return nil
    }
}
