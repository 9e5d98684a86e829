import Foundation
import PopBenchCore

/// Small dense linear algebra for the reference solutions (d up to a few hundred): Cholesky
/// solves of normal equations and Jacobi eigenvalues of symmetric matrices. Row-major storage.
public enum LinearAlgebra {
    /// Solves A x = b for symmetric positive definite A (d x d) by Cholesky, A = L L^T.
    public static func choleskySolve(_ a: [Double], _ b: [Double], d: Int) throws -> [Double] {
        var l = [Double](repeating: 0, count: d * d)
        for i in 0..<d {
            for j in 0...i {
                var s = a[i * d + j]
                for k in 0..<j { s -= l[i * d + k] * l[j * d + k] }
                if i == j {
                    guard s > 0 else { throw NumericalError("Cholesky: matrix is not positive definite (pivot \(i))") }
                    l[i * d + i] = s.squareRoot()
                } else {
                    l[i * d + j] = s / l[j * d + j]
                }
            }
        }
        var y = b
        for i in 0..<d {
            var s = y[i]
            for k in 0..<i { s -= l[i * d + k] * y[k] }
            y[i] = s / l[i * d + i]
        }
        var x = y
        for i in stride(from: d - 1, through: 0, by: -1) {
            var s = x[i]
            for k in (i + 1)..<max(d, i + 1) { s -= l[k * d + i] * x[k] }
            x[i] = s / l[i * d + i]
        }
        return x
    }

    /// Eigenvalues of a symmetric matrix by the cyclic Jacobi method, ascending.
    public static func symmetricEigenvalues(_ m: [Double], d: Int) -> [Double] {
        var a = m
        for _ in 0..<100 {
            var off = 0.0
            for p in 0..<d { for q in (p + 1)..<max(d, p + 1) { off += a[p * d + q] * a[p * d + q] } }
            if off < 1e-24 { break }
            for p in 0..<d {
                for q in (p + 1)..<max(d, p + 1) where abs(a[p * d + q]) > 1e-300 {
                    let theta = (a[q * d + q] - a[p * d + p]) / (2 * a[p * d + q])
                    let t = (theta >= 0 ? 1 : -1) / (abs(theta) + (theta * theta + 1).squareRoot())
                    let c = 1 / (t * t + 1).squareRoot(), s = t * c
                    for k in 0..<d {
                        let akp = a[k * d + p], akq = a[k * d + q]
                        a[k * d + p] = c * akp - s * akq
                        a[k * d + q] = s * akp + c * akq
                    }
                    for k in 0..<d {
                        let apk = a[p * d + k], aqk = a[q * d + k]
                        a[p * d + k] = c * apk - s * aqk
                        a[q * d + k] = s * apk + c * aqk
                    }
                }
            }
        }
        return (0..<d).map { a[$0 * d + $0] }.sorted()
    }
}
