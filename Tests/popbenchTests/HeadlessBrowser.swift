import Foundation
import Testing

/// Debian's headless Chromium (installed by scripts/bootstrap), run as a process: loads a page,
/// returns the DOM it rendered and every console message it logged. A page that cannot be
/// loaded (no chromium, a crash, a timeout) fails the test that asked: it is never skipped.
struct HeadlessBrowser {
    struct Page {
        var dom: String
        /// Console messages (`INFO:CONSOLE` lines of --enable-logging=stderr): errors, warnings
        /// and logs of scripts; a page without scripts has none.
        var console: [String]
    }

    /// The browser executable: `chromium` on PATH (Debian's package).
    static func executable() throws -> URL {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        let dirs = path.split(separator: ":").map(String.init) + ["/usr/bin"]
        for dir in dirs {
            for name in ["chromium", "chromium-browser"] {
                let url = URL(fileURLWithPath: dir).appendingPathComponent(name)
                if FileManager.default.isExecutableFile(atPath: url.path) { return url }
            }
        }
        throw BrowserError("chromium not found on PATH; scripts/bootstrap installs it (apt-get install chromium)")
    }

    /// Loads `file` headless and returns its DOM and console; throws when chromium fails.
    static func load(_ file: URL, timeout: TimeInterval = 90) throws -> Page {
        let profile = FileManager.default.temporaryDirectory.appendingPathComponent("popbench-chromium-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: profile) }
        let p = Process()
        p.executableURL = try executable()
        p.arguments = ["--headless", "--disable-gpu", "--no-sandbox", "--no-first-run", "--user-data-dir=\(profile.path)",
                       "--enable-logging=stderr", "--v=0", "--dump-dom", file.absoluteString]
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        // Read both pipes while it runs (a full pipe would block chromium).
        nonisolated(unsafe) var errData = Data()
        let reader = Thread { errData = err.fileHandleForReading.readDataToEndOfFile() }
        reader.start()
        let deadline = Date().addingTimeInterval(timeout)
        let dom = out.fileHandleForReading.readDataToEndOfFile()
        while p.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        if p.isRunning { p.terminate(); throw BrowserError("chromium did not finish loading \(file.path) within \(Int(timeout)) s") }
        while !reader.isFinished { Thread.sleep(forTimeInterval: 0.01) }
        let stderr = String(decoding: errData, as: UTF8.self)
        guard p.terminationStatus == 0, !dom.isEmpty else {
            throw BrowserError("chromium exited \(p.terminationStatus) on \(file.path): \(stderr.suffix(600))")
        }
        let console = stderr.split(separator: "\n").filter { $0.contains(":CONSOLE") }.map(String.init)
        return Page(dom: String(decoding: dom, as: UTF8.self), console: console)
    }

    struct BrowserError: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }

    /// How many times `needle` occurs in `text`.
    static func count(_ needle: String, in text: String) -> Int { text.components(separatedBy: needle).count - 1 }
}
