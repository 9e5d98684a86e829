import CGSL

/// The one place where popbench talks to GSL's global state.
///
/// GSL's default error handler calls `abort()` on any domain error (for example
/// `gsl_cdf_tdist_Pinv(0.975, -1)` kills the process). `ensureInitialized()` turns that
/// handler off once per process, so GSL reports errors through return values (a status
/// code, or NaN), which the facade turns into `NumericalError`.
public enum GSL {
    /// Swift initializes a `static let` lazily and exactly once, under `swift_once`, so this
    /// is thread safe without a lock.
    private static let initialized: Bool = {
        _ = gsl_set_error_handler_off()
        return true
    }()

    /// Turns GSL's aborting error handler off (idempotent, thread safe, cheap after the first
    /// call). Every facade function that calls GSL calls this first.
    @inline(__always)
    public static func ensureInitialized() {
        _ = initialized
    }

    /// GSL's own description of a status code (`gsl_strerror`).
    public static func message(for status: Int32) -> String {
        String(cString: gsl_strerror(status))
    }

    /// Throws a `NumericalError` naming `context` and GSL's message when `status` is not
    /// `GSL_SUCCESS`.
    static func check(_ status: Int32, _ context: @autoclosure () -> String) throws(NumericalError) {
        if Int(status) != Int(GSL_SUCCESS) {
            throw NumericalError("\(context()): GSL error \(status): \(message(for: status))")
        }
    }
}
