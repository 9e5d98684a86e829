import Foundation

/// The machine a run ran on.
public struct Machine: Sendable, Codable {
    public var hostname: String
    public var os: String
    public var cores: Int
    public var memoryGiB: Double

    public static func current() -> Machine {
        let info = ProcessInfo.processInfo
        return Machine(hostname: info.hostName, os: info.operatingSystemVersionString,
                       cores: info.activeProcessorCount,
                       memoryGiB: (Double(info.physicalMemory) / 1_073_741_824 * 10).rounded() / 10)
    }

    /// The commit of the checkout holding the running executable (popbench's own source), or
    /// nil outside a checkout or without git.
    public static func gitCommit() -> String? {
        let executable = Bundle.main.executableURL ?? URL(fileURLWithPath: CommandLine.arguments[0])
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["git", "-C", executable.resolvingSymlinksInPath().deletingLastPathComponent().path, "rev-parse", "HEAD"]
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        do { try p.run() } catch { return nil }
        p.waitUntilExit()
        guard p.terminationStatus == 0 else { return nil }
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
