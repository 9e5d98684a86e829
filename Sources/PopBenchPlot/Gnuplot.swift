import Foundation

/// An image format gnuplot renders a PopBenchPlot script to.
public enum ImageFormat: String, Sendable, Hashable, CaseIterable {
    /// Scalable vector graphics, 800x560 (the script's default).
    case svg
    /// PNG through the pngcairo terminal, 1600x1120 (2x of the SVG, for crisp raster copies).
    case png
    /// PDF through the pdfcairo terminal, 5in x 3.5in (for LaTeX papers).
    case pdf

    /// The file extension, also the value of the script's `fmt` variable.
    public var fileExtension: String { rawValue }
}

/// gnuplot failed: its exit status and what it printed on stderr.
public struct GnuplotError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The script that was run.
    public var script: String
    /// gnuplot's exit status (0 when it exited cleanly but wrote no image).
    public var exitStatus: Int32
    /// Everything gnuplot wrote to stderr.
    public var stderr: String

    /// Creates the error; `render` does this.
    public init(script: String, exitStatus: Int32, stderr: String) {
        self.script = script
        self.exitStatus = exitStatus
        self.stderr = stderr
    }

    /// A message naming the script, the status and gnuplot's stderr.
    public var description: String {
        let detail = stderr.trimmingCharacters(in: .whitespacesAndNewlines)
        return "gnuplot failed on \(script) (exit status \(exitStatus))"
            + (detail.isEmpty ? "" : ":\n\(detail)")
    }
}

/// Runs gnuplot on PopBenchPlot scripts.
///
/// gnuplot is found through `PATH` and run as a `Process` with an argument list, never through
/// a shell. The format is chosen by a variable, not by editing the script: SVG runs
/// `gnuplot NAME.gp`, PNG runs `gnuplot -e fmt='png' NAME.gp` (the `-e` text is one separate
/// argument), with the script's directory as the working directory.
public enum Gnuplot {
    /// The gnuplot executable found on `PATH`, or `nil`.
    public static var executableURL: URL? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for directory in path.split(separator: ":") where !directory.isEmpty {
            let candidate = URL(fileURLWithPath: String(directory))
                .appendingPathComponent("gnuplot")
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: candidate.path, isDirectory: &isDirectory),
               !isDirectory.boolValue,
               FileManager.default.isExecutableFile(atPath: candidate.path) {
                return candidate
            }
        }
        return nil
    }

    /// Whether gnuplot is installed (found on `PATH`).
    public static var isAvailable: Bool { executableURL != nil }

    /// The arguments passed to gnuplot for `format`: the script's bare file name, preceded
    /// for non-SVG formats by `-e` and `fmt='png'` (or `'pdf'`) as two separate arguments.
    public static func arguments(scriptName: String, format: ImageFormat) -> [String] {
        format == .svg ? [scriptName] : ["-e", "fmt='\(format.fileExtension)'", scriptName]
    }

    /// Renders a PopBenchPlot script and returns the image, `<script stem>.<format>` next to
    /// the script.
    ///
    /// Throws `GnuplotError` (with gnuplot's stderr) when gnuplot is missing, exits with a
    /// non-zero status, or leaves no non-empty image.
    @discardableResult
    public static func render(script: URL, format: ImageFormat = .svg) throws -> URL {
        let directory = script.deletingLastPathComponent()
        let image = script.deletingPathExtension().appendingPathExtension(format.fileExtension)
        guard let executable = executableURL else {
            throw GnuplotError(script: script.path, exitStatus: 127,
                               stderr: "gnuplot not found on PATH")
        }
        try? FileManager.default.removeItem(at: image)

        let process = Process()
        process.executableURL = executable
        process.arguments = arguments(scriptName: script.lastPathComponent, format: format)
        process.currentDirectoryURL = directory
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        // Drain stderr before waiting, so that a chatty gnuplot cannot block on a full pipe.
        let stderrData = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let stderr = String(decoding: stderrData, as: UTF8.self)

        guard process.terminationReason == .exit, process.terminationStatus == 0 else {
            throw GnuplotError(script: script.path, exitStatus: process.terminationStatus,
                               stderr: stderr)
        }
        let size = (try? FileManager.default.attributesOfItem(atPath: image.path)[.size])
            .flatMap { $0 as? NSNumber }?.intValue ?? 0
        guard size > 0 else {
            throw GnuplotError(script: script.path, exitStatus: 0,
                               stderr: stderr + "\nno image written at \(image.path)")
        }
        return image
    }
}
