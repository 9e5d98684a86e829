import Foundation
import PopBenchCore

/// Reads the shipped data files that `DataLocator` finds: text (gunzipped when the name ends in
/// `.gz`) and tables of numbers. Errors are `UsageError`s naming the file (and line).
public enum DataFileReader {
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

    /// The rows of data file `name` (found by `DataLocator.locate`): numbers separated by commas
    /// or blanks, one row per non-empty line; `skipFirstLine` skips a header.
    public static func readNumbers(_ name: String, skipFirstLine: Bool = false) throws -> [[Double]] {
        try readNumbers(at: DataLocator.locate(name), skipFirstLine: skipFirstLine)
    }

    /// The rows of the file at `url`, as `readNumbers(_:skipFirstLine:)` reads them.
    public static func readNumbers(at url: URL, skipFirstLine: Bool = false) throws -> [[Double]] {
        let text = try readText(url)
        var rows: [[Double]] = []
        for (lineNo, line) in text.split(whereSeparator: \.isNewline).enumerated() {
            if skipFirstLine && lineNo == 0 { continue }
            let fields = line.split(whereSeparator: { $0 == "," || $0 == " " || $0 == "\t" })
            if fields.isEmpty { continue }
            var row: [Double] = []
            row.reserveCapacity(fields.count)
            for f in fields {
                guard let v = Double(f) else { throw UsageError("\(url.path):\(lineNo + 1): '\(f)' is not a number") }
                row.append(v)
            }
            rows.append(row)
        }
        return rows
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
