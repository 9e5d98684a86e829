import Foundation
import PopBenchCore

/// Finds the data files the tasks ship with (`data/` of the project): the one place every task
/// that reads a data file looks it up.
///
/// Search order: the directory named by the environment variable `POPBENCH_DATA`; then
/// `./data` under the current directory; then `data/` in the executable's directory and in
/// each of its ancestors (so `.build/release/popbench` finds the checkout's `data/`).
public enum DataLocator {
    /// The environment variable that overrides the data directory.
    public static let environmentVariable = "POPBENCH_DATA"

    /// The directories searched, in order (existing or not), for the given environment,
    /// current directory and executable (by default, this process's).
    public static func searchDirectories(
        environment: [String: String] = ProcessInfo.processInfo.environment,
        currentDirectory: String = FileManager.default.currentDirectoryPath,
        executable: URL = executableURL()
    ) -> [URL] {
        var dirs: [URL] = []
        if let env = environment[environmentVariable], !env.isEmpty {
            dirs.append(URL(fileURLWithPath: env, isDirectory: true))
        }
        dirs.append(URL(fileURLWithPath: currentDirectory, isDirectory: true).appendingPathComponent("data"))
        var dir = executable.deletingLastPathComponent()
        while true {
            dirs.append(dir.appendingPathComponent("data"))
            let parent = dir.deletingLastPathComponent()
            if parent.path == dir.path || dir.path == "/" { break }
            dir = parent
        }
        return dirs
    }

    /// The URL of data file `name` in the first of `searchDirectories` that holds it, or a
    /// `UsageError` naming the file and the places searched.
    public static func locate(
        _ name: String,
        environment: [String: String] = ProcessInfo.processInfo.environment,
        currentDirectory: String = FileManager.default.currentDirectoryPath,
        executable: URL = executableURL()
    ) throws -> URL {
        let dirs = searchDirectories(environment: environment, currentDirectory: currentDirectory,
                                     executable: executable)
        for dir in dirs {
            let url = dir.appendingPathComponent(name)
            if FileManager.default.isReadableFile(atPath: url.path) { return url }
        }
        throw UsageError("missing data file \(name): not found in \(environmentVariable) "
            + "(\(environment[environmentVariable] ?? "unset")), ./data "
            + "or a data/ directory above the executable; set \(environmentVariable) to the directory holding it")
    }

    /// The running executable (`/proc/self/exe` on Linux, else argv[0]).
    public static func executableURL() -> URL {
        if let path = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            return URL(fileURLWithPath: path)
        }
        if let path = Bundle.main.executablePath { return URL(fileURLWithPath: path) }
        return URL(fileURLWithPath: CommandLine.arguments.first ?? ".")
    }
}
