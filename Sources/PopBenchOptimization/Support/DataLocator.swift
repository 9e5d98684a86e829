import Foundation
import PopBenchCore

/// Finds the shipped data sets: `$POPBENCH_DATA`, else `./data`, else a `data` folder found by
/// walking up from the executable's directory. The product never reads outside these places.
public enum DataLocator {
    /// The directory holding `file`, or a `UsageError` naming the file and the places searched.
    public static func url(for file: String) throws -> URL {
        var candidates: [URL] = []
        if let env = ProcessInfo.processInfo.environment["POPBENCH_DATA"], !env.isEmpty {
            candidates.append(URL(fileURLWithPath: env))
        }
        candidates.append(URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent("data"))
        if let exe = Bundle.main.executableURL?.resolvingSymlinksInPath() {
            var dir = exe.deletingLastPathComponent()
            for _ in 0..<8 {
                candidates.append(dir.appendingPathComponent("data"))
                let parent = dir.deletingLastPathComponent()
                if parent.path == dir.path { break }
                dir = parent
            }
        }
        for c in candidates {
            let f = c.appendingPathComponent(file)
            if FileManager.default.fileExists(atPath: f.path) { return f }
        }
        throw UsageError("missing data file '\(file)': set POPBENCH_DATA or run from the popbench folder (searched: \(candidates.map(\.path).joined(separator: ", ")))")
    }

    /// The rows of a text file of numbers separated by commas or blanks.
    public static func readNumbers(_ file: String, skipFirstLine: Bool = false) throws -> [[Double]] {
        let u = try url(for: file)
        guard let text = try? String(contentsOf: u, encoding: .utf8) else {
            throw UsageError("data file '\(u.path)' cannot be read as UTF-8 text")
        }
        var rows: [[Double]] = []
        for (lineNo, line) in text.split(whereSeparator: \.isNewline).enumerated() {
            if skipFirstLine && lineNo == 0 { continue }
            let fields = line.split(whereSeparator: { $0 == "," || $0 == " " || $0 == "\t" })
            if fields.isEmpty { continue }
            var row: [Double] = []
            row.reserveCapacity(fields.count)
            for f in fields {
                guard let v = Double(f) else { throw UsageError("\(u.path):\(lineNo + 1): '\(f)' is not a number") }
                row.append(v)
            }
            rows.append(row)
        }
        return rows
    }
}
