import Foundation
import Testing

/// Runs the built `popbench` executable as a user would, in a scratch directory.
struct CLIRunner {
    /// The scratch working directory (results/ and plots/ land here).
    let directory: URL

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("popbench-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    func cleanUp() { try? FileManager.default.removeItem(at: directory) }

    /// The executable built beside the test bundle (.build/<config>/popbench).
    static var executable: URL {
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = dir.appendingPathComponent("popbench")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        return URL(fileURLWithPath: ".build/release/popbench")
    }

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs `popbench args...` to completion.
    @discardableResult
    func run(_ args: [String]) throws -> Result {
        let p = try start(args)
        let out = p.standardOutput as! Pipe, err = p.standardError as! Pipe
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return Result(status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self))
    }

    /// Starts `popbench args...` without waiting.
    func start(_ args: [String]) throws -> Process {
        let p = Process()
        p.executableURL = CLIRunner.executable
        p.arguments = args
        p.currentDirectoryURL = directory
        p.standardOutput = Pipe()
        p.standardError = Pipe()
        try p.run()
        return p
    }

    /// Names of the entries under `sub` (empty when it does not exist).
    func entries(_ sub: String) -> [String] {
        (try? FileManager.default.contentsOfDirectory(atPath: directory.appendingPathComponent(sub).path)) ?? []
    }

    func read(_ path: String) throws -> Data { try Data(contentsOf: directory.appendingPathComponent(path)) }
}

/// Runs `popbench args` in a scratch directory and expects bad input handled: exit code 2, a
/// one-line error on stderr that contains `mentions`, and nothing written under results/ or plots/.
func expectUsageError(_ args: [String], mentions: String) throws {
    let cli = try CLIRunner()
    defer { cli.cleanUp() }
    let r = try cli.run(args)
    #expect(r.status == 2, "\(args): status \(r.status), stderr \(r.stderr)")
    #expect(r.stderr.contains(mentions), "\(args): \(r.stderr)")
    #expect(r.stderr.trimmingCharacters(in: .newlines).split(separator: "\n").count == 1, "not one line: \(r.stderr)")
    #expect(cli.entries("results").isEmpty && cli.entries("plots").isEmpty, "something was written for \(args)")
}
