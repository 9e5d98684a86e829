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
        openblas_set_num_threads(Int32(count))
    }

    /// Stops OpenBLAS's idle worker threads. OpenBLAS starts them when it is loaded (one fewer
    /// than the cores) and each spins on `sched_yield` for about 2^28 clock ticks before it
    /// sleeps: in a short command that is a second core busy for its whole life (20 runs of
    /// `protocol am3 --n 1e6 --trials 5`: 112 ms each with the spinning thread, 80 ms
    /// without; 93 ms of system time each). popbench calls it at start; a later threaded BLAS
    /// call (after `setThreads` above 1) starts the pool again by itself.
    public static func stopIdleThreads() {
        _ = blas_thread_shutdown_()
    }

    /// The number of threads OpenBLAS uses now.
    public static var threads: Int { Int(openblas_get_num_threads()) }

    /// Sets one BLAS thread unless `setThreads` was called before. Every CNN model calls this
    /// once when it is built: trials already run one per core, and OpenBLAS's own threads would
    /// oversubscribe the machine.
    public static func ensureDefaultThreads() {
        let chosen = state.withLock { chosen -> Bool in
            defer { chosen = true }
            return chosen
        }
        if !chosen { openblas_set_num_threads(1) }
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
