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
    /// nil outside a checkout or without git. Read from the repository's files (HEAD, the ref it
    /// names, packed-refs; a worktree's `.git` file and `commondir`), so a run starts no
    /// process for it; only a layout those files do not settle falls back to `git rev-parse`.
    public static func gitCommit() -> String? {
        let executable = Bundle.main.executableURL ?? URL(fileURLWithPath: CommandLine.arguments[0])
        let directory = executable.resolvingSymlinksInPath().deletingLastPathComponent()
        switch GitHead.read(from: directory) {
        case .commit(let sha): return sha
        case .noRepository: return nil
        case .unknown: break
        }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["git", "-C", directory.path, "rev-parse", "HEAD"]
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

/// HEAD's commit from a repository's files, without running git.
enum GitHead: Equatable {
    /// HEAD resolves to this 40-hex commit.
    case commit(String)
    /// No `.git` in `directory` or any parent.
    case noRepository
    /// A repository whose HEAD these files do not settle (ask git).
    case unknown

    /// Walks up from `directory` to the first `.git` (a directory, or a worktree's file
    /// `gitdir: PATH`), then resolves HEAD: a detached 40-hex id, or `ref: NAME` looked up as a
    /// loose ref in the git directory, then in the common directory (`commondir`), then in
    /// `packed-refs`.
    static func read(from directory: URL) -> GitHead {
        let fm = FileManager.default
        var dir = directory.standardizedFileURL
        var gitDir: URL? = nil
        while true {
            let dotGit = dir.appendingPathComponent(".git")
            var isDir: ObjCBool = false
            if fm.fileExists(atPath: dotGit.path, isDirectory: &isDir) {
                if isDir.boolValue { gitDir = dotGit; break }
                guard let text = text(dotGit), text.hasPrefix("gitdir:") else { return .unknown }
                let path = text.dropFirst("gitdir:".count).trimmingCharacters(in: .whitespaces)
                gitDir = path.hasPrefix("/") ? URL(fileURLWithPath: path) : dir.appendingPathComponent(path)
                break
            }
            let parent = dir.deletingLastPathComponent()
            if parent.path == dir.path { return .noRepository }
            dir = parent
        }
        guard let gitDir, let head = text(gitDir.appendingPathComponent("HEAD")) else { return .unknown }
        if isCommit(head) { return .commit(head) }
        guard head.hasPrefix("ref:") else { return .unknown }
        let ref = head.dropFirst("ref:".count).trimmingCharacters(in: .whitespaces)
        var dirs = [gitDir]
        if let common = text(gitDir.appendingPathComponent("commondir")) {
            dirs.append(common.hasPrefix("/") ? URL(fileURLWithPath: common) : gitDir.appendingPathComponent(common))
        }
        for d in dirs {
            if let sha = text(d.appendingPathComponent(ref)), isCommit(sha) { return .commit(sha) }
        }
        for d in dirs.reversed() {
            guard let packed = text(d.appendingPathComponent("packed-refs")) else { continue }
            for line in packed.split(separator: "\n") where line.hasSuffix(" " + ref) {
                let sha = String(line.prefix(40))
                if isCommit(sha) { return .commit(sha) }
            }
        }
        return .unknown
    }

    /// The file's text without surrounding whitespace; nil when unreadable.
    private static func text(_ url: URL) -> String? {
        guard let data = FileManager.default.contents(atPath: url.path) else { return nil }
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// 40 lowercase hex digits.
    private static func isCommit(_ s: String) -> Bool {
        s.utf8.count == 40 && s.utf8.allSatisfy { ($0 >= 48 && $0 <= 57) || ($0 >= 97 && $0 <= 102) }
    }
}
