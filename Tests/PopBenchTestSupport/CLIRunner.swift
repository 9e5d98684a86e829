import Foundation

/// Runs the built `popbench` executable as a user would, in a scratch directory.
public struct CLIRunner {
    /// The scratch working directory (results/ and plots/ land here).
    public let directory: URL

    public init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("popbench-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    public func cleanUp() { try? FileManager.default.removeItem(at: directory) }

    /// The executable built beside the test bundle (.build/<config>/popbench).
    public static var executable: URL {
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = dir.appendingPathComponent("popbench")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        return URL(fileURLWithPath: ".build/release/popbench")
    }

    public struct Result {
        public var status: Int32
        public var stdout: String
        public var stderr: String

        public init(status: Int32, stdout: String, stderr: String) {
            self.status = status; self.stdout = stdout; self.stderr = stderr
        }
    }

    /// Runs `popbench args...` to completion.
    @discardableResult
    public func run(_ args: [String]) throws -> Result {
        let p = try start(args)
        let out = p.standardOutput as! Pipe, err = p.standardError as! Pipe
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return Result(status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self))
    }

    /// Starts `popbench args...` without waiting.
    public func start(_ args: [String]) throws -> Process {
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
    public func entries(_ sub: String) -> [String] {
        (try? FileManager.default.contentsOfDirectory(atPath: directory.appendingPathComponent(sub).path)) ?? []
    }

    public func read(_ path: String) throws -> Data { try Data(contentsOf: directory.appendingPathComponent(path)) }
}
