import Foundation

/// A one-line progress bar with ETA on stderr, drawn only when stderr is a terminal.
///
/// When stderr is a file or a pipe (CI, scripts) it prints nothing, so logs hold only results.
public final class ProgressBar: @unchecked Sendable {
    private let lock = NSLock()
    private let total: Int
    private let label: String
    private let enabled: Bool
    private let start = Date()
    private var done = 0
    private var lastDraw = Date.distantPast

    /// - Parameter enabled: defaults to "stderr is a terminal".
    public init(total: Int, label: String, enabled: Bool? = nil) {
        self.total = total
        self.label = label
        self.enabled = enabled ?? (isatty(STDERR_FILENO) != 0)
    }

    /// Counts one finished unit and redraws at most ten times a second.
    public func tick() {
        lock.lock(); defer { lock.unlock() }
        done += 1
        guard enabled else { return }
        let now = Date()
        if done == total || now.timeIntervalSince(lastDraw) > 0.1 {
            lastDraw = now
            draw(now: now)
        }
    }

    /// Clears the line.
    public func finish() {
        lock.lock(); defer { lock.unlock() }
        guard enabled else { return }
        FileHandle.standardError.write("\r\u{1B}[2K".data(using: .utf8)!)
    }

    private func draw(now: Date) {
        let width = 30
        let fraction = total == 0 ? 1 : Double(done) / Double(total)
        let filled = Int(fraction * Double(width))
        let bar = String(repeating: "=", count: filled) + String(repeating: " ", count: width - filled)
        let elapsed = now.timeIntervalSince(start)
        let eta = done == 0 ? "--:--" : Self.clock(elapsed / Double(done) * Double(total - done))
        let line = "\r\u{1B}[2K\(label) [\(bar)] \(done)/\(total) trials  elapsed \(Self.clock(elapsed))  ETA \(eta)"
        FileHandle.standardError.write(line.data(using: .utf8)!)
    }

    static func clock(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        return s >= 3600 ? String(format: "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                         : String(format: "%d:%02d", s / 60, s % 60)
    }
}
