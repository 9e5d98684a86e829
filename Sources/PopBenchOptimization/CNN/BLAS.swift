import COpenBLAS
import Foundation

/// A thin, allocation-free wrapper over the process-wide OpenBLAS `cblas_sgemm`.
///
/// All matrices are row-major Float32. The CNN layers call only `gemm`; thread control is
/// process-wide in OpenBLAS, so it lives here too. Trials already run in parallel across cores,
/// so the CNN defaults to one BLAS thread (`ensureDefaultThreads()`), settable with `setThreads`.
public enum BLAS {
    /// C = alpha * op(A) * op(B) + beta * C, row-major, where op(A) is M x K and op(B) is K x N.
    ///
    /// `lda`, `ldb`, `ldc` are the row strides of A, B and C as stored (before transposition).
    @inlinable @inline(__always)
    public static func gemm(transA: Bool = false, transB: Bool = false, m: Int, n: Int, k: Int,
                            alpha: Float = 1, a: UnsafePointer<Float>, lda: Int,
                            b: UnsafePointer<Float>, ldb: Int,
                            beta: Float = 0, c: UnsafeMutablePointer<Float>, ldc: Int) {
        cblas_sgemm(CblasRowMajor, transA ? CblasTrans : CblasNoTrans,
                    transB ? CblasTrans : CblasNoTrans,
                    Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb),
                    beta, c, Int32(ldc))
    }

    /// y = alpha * x + y over `count` Floats (`cblas_saxpy`).
    @inlinable @inline(__always)
    public static func axpy(count: Int, alpha: Float, x: UnsafePointer<Float>,
                            y: UnsafeMutablePointer<Float>) {
        cblas_saxpy(Int32(count), alpha, x, 1, y, 1)
    }

    /// Sets OpenBLAS's (process-wide) thread count. Marks the count as chosen by the caller, so
    /// `ensureDefaultThreads()` leaves it alone afterwards.
    public static func setThreads(_ count: Int) {
        precondition(count >= 1, "BLAS threads must be >= 1")
        state.withLock { $0 = true }
        apply(count)
    }

    /// The number of threads OpenBLAS uses now.
    public static var threads: Int { Int(openblas_get_num_threads()) }

    /// Sets one BLAS thread unless `setThreads` was called before. popbench calls it first thing
    /// and every CNN model when it is built: trials already run one per core, and OpenBLAS's own
    /// threads would oversubscribe the machine.
    public static func ensureDefaultThreads() {
        let chosen = state.withLock { chosen -> Bool in
            defer { chosen = true }
            return chosen
        }
        if !chosen { apply(1) }
    }

    /// Sets the thread count; at one thread also stops OpenBLAS's worker pool, which OpenBLAS
    /// (0.3.21) starts when it is loaded and again in every `openblas_set_num_threads`, and
    /// whose idle threads spin on `sched_yield` for about 2^28 clock ticks before they sleep: a
    /// second core kept busy for the first ~0.1 s of every command (20 runs of `protocol am3
    /// --n 1e6 --trials 5`: 112 ms each with the spinning thread, 87 ms without, 93 ms of
    /// system time each). A later count above 1 starts the pool again.
    private static func apply(_ count: Int) {
        openblas_set_num_threads(Int32(count))
        if count == 1 { _ = blas_thread_shutdown_() }
    }

    /// OpenBLAS's build description (`openblas_get_config`), e.g. "OpenBLAS 0.3.21 ... Haswell".
    public static var configuration: String { String(cString: openblas_get_config()) }

    /// Whether `setThreads` or `ensureDefaultThreads` has run.
    private static let state = LockedFlag()
}

/// A Bool behind an NSLock (Swift 6 strict concurrency: the only shared mutable state here).
final class LockedFlag: @unchecked Sendable {  // @unchecked: every access goes through `lock`.
    private let lock = NSLock()
    private var value = false
    func withLock<R>(_ body: (inout Bool) -> R) -> R {
        lock.lock(); defer { lock.unlock() }
        return body(&value)
    }
}
