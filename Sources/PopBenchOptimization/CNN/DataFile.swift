import Foundation
import PopBenchCore

/// Finds the data files the tasks ship with (`data/` of the project), without reading the
/// shared checkout at run time.
///
/// Search order: the directory named by the environment variable `POPBENCH_DATA`; then
/// `./data` under the current directory; then `data/` in the executable's directory and in
/// each of its ancestors (so `.build/release/popbench` finds the checkout's `data/`).
public enum DataFile {
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

    /// The text of `url`: gunzipped with `gzip -dc` (run as a process with an argument list)
    /// when the name ends in `.gz`, read directly otherwise. Errors name the file.
    public static func readText(_ url: URL) throws -> String {
        let data: Data
        if url.pathExtension == "gz" {
            data = try gunzip(url)
        } else {
            do { data = try Data(contentsOf: url) } catch {
                throw UsageError("\(url.path): cannot read: \(error.localizedDescription)")
            }
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw UsageError("\(url.path): expected UTF-8 text")
        }
        return text
    }

    private static func gunzip(_ url: URL) throws -> Data {
        guard FileManager.default.isReadableFile(atPath: url.path) else {
            throw UsageError("\(url.path): cannot read the file")
        }
        let gzip = ["/usr/bin/gzip", "/bin/gzip", "/usr/local/bin/gzip", "/opt/homebrew/bin/gzip"]
            .first { FileManager.default.isExecutableFile(atPath: $0) }
        guard let gzip else {
            throw UsageError("\(url.path): gzip is needed to read .gz files and was not found")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: gzip)
        process.arguments = ["-dc", "--", url.path]
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        do { try process.run() } catch {
            throw UsageError("\(url.path): cannot run gzip: \(error.localizedDescription)")
        }
        let data = out.fileHandleForReading.readDataToEndOfFile()
        let errText = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let reason = errText.split(separator: "\n").first.map(String.init) ?? "status \(process.terminationStatus)"
            throw UsageError("\(url.path): expected a gzip-compressed file (gzip: \(reason))")
        }
        return data
    }
}
