import Foundation
import Testing
import PopBenchOptimization
#if canImport(Glibc)
import Glibc
#endif

/// Which sgemm runs, and that the wrapper's row-major conventions are right.
@Suite struct CNNBLASTests {
    #if os(Linux)
    @Test func processWideSgemmIsOpenBLAS() {
        // GSL loads libgslcblas too; the first library defining cblas_sgemm wins for every caller.
        var c: [Float] = [0]
        BLAS.gemm(m: 1, n: 1, k: 1, a: [2], lda: 1, b: [3], ldb: 1, c: &c, ldc: 1)
        #expect(c == [6])
        let symbol = dlsym(nil, "cblas_sgemm")
        #expect(symbol != nil)
        // dladdr is hidden behind _GNU_SOURCE in Swift's Glibc: find the mapping that holds the
        // address in /proc/self/maps instead.
        let address = UInt(bitPattern: symbol)
        // (/proc files report size 0, so read the handle to its end.)
        let data = FileHandle(forReadingAtPath: "/proc/self/maps")?.readDataToEndOfFile() ?? Data()
        let maps = String(decoding: data, as: UTF8.self)
        var library = "?"
        for line in maps.split(separator: "\n") {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            let range = fields[0].split(separator: "-")
            guard fields.count >= 6, range.count == 2, let lo = UInt(range[0], radix: 16),
                  let hi = UInt(range[1], radix: 16) else { continue }
            if address >= lo && address < hi { library = String(fields[5]); break }
        }
        #expect(library.lowercased().contains("openblas"), "cblas_sgemm comes from \(library)")
    }
    #endif

    /// Row-major A (m x k) and B (k x n) of small integers and their product by the naive loop
    /// (exact in Float: every partial sum is a small integer).
    static func operands(m: Int, n: Int, k: Int) -> (a: [Float], b: [Float], product: [Float]) {
        let a = (0..<(m * k)).map { Float($0 % 7) - 3 }, b = (0..<(k * n)).map { Float($0 % 5) - 2 }
        var product = [Float](repeating: 0, count: m * n)
        for i in 0..<m { for j in 0..<n { for p in 0..<k { product[i * n + j] += a[i * k + p] * b[p * n + j] } } }
        return (a, b, product)
    }

    @Test func gemmMatchesNaiveProductWithTransposes() {
        let (m, n, k) = (3, 4, 5)
        let (a, b, expected) = Self.operands(m: m, n: n, k: k)
        var c = [Float](repeating: 0, count: m * n)
        BLAS.gemm(m: m, n: n, k: k, a: a, lda: k, b: b, ldb: n, c: &c, ldc: n)
        #expect(c == expected)
        // A^T stored k x m, B^T stored n x k.
        var at = [Float](repeating: 0, count: m * k), bt = [Float](repeating: 0, count: k * n)
        for i in 0..<m { for p in 0..<k { at[p * m + i] = a[i * k + p] } }
        for p in 0..<k { for j in 0..<n { bt[j * k + p] = b[p * n + j] } }
        var c2 = [Float](repeating: 0, count: m * n)
        BLAS.gemm(transA: true, transB: true, m: m, n: n, k: k, a: at, lda: m, b: bt, ldb: k, c: &c2, ldc: n)
        #expect(c2 == expected)
    }

    @Test func gemmStillRightAfterTheIdleThreadsStop() {
        // One thread stops OpenBLAS's idle pool; BLAS calls after it (and a second stop) must
        // still compute the product.
        BLAS.setThreads(1)
        BLAS.setThreads(1)
        let n = 64
        let (a, b, expected) = Self.operands(m: n, n: n, k: n)
        var c = [Float](repeating: 0, count: n * n)
        BLAS.gemm(m: n, n: n, k: n, a: a, lda: n, b: b, ldb: n, c: &c, ldc: n)
        #expect(c == expected)
    }

    @Test func modelsDefaultToOneBLASThread() throws {
        _ = CNNNetwork(capacity: 1)
        #expect(BLAS.threads == 1)
    }
}
