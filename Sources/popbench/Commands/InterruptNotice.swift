import Foundation

/// The line printed when a run is interrupted with Ctrl-C (SIGINT): where the run is and the
/// command that finishes it. Kept as a C string made before the signal can arrive, since a
/// signal handler may only call async-signal-safe functions (write, _exit).
nonisolated(unsafe) private var interruptLine: UnsafeMutablePointer<CChar>?

enum InterruptNotice {
    /// From now on, SIGINT prints `line` on stderr and exits with 130 (128 + SIGINT).
    static func install(_ line: String) {
        let old = interruptLine
        interruptLine = strdup("\npopbench: interrupted; " + line + "\n")
        free(old)
        signal(SIGINT) { _ in
            if let text = interruptLine { _ = write(2, text, strlen(text)) }
            _exit(130)
        }
    }
}
