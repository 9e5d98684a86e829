import Foundation

/// The text of a figure's script and data file, before anything is written.
public struct PlotContents: Sendable, Hashable {
    /// The gnuplot script (`<name>.gp`).
    public var script: String
    /// The data file (`<name>.dat`): one `index` block per series.
    public var data: String
    /// Points dropped (NaN/infinite values, non-positive values on log axes), one line each.
    public var notes: [String]
}

/// What `PlotWriter.write` produced.
public struct PlotFiles: Sendable, Hashable {
    /// The gnuplot script, `<directory>/<name>.gp`.
    public var script: URL
    /// The data file, `<directory>/<name>.dat`.
    public var data: URL
    /// The rendered image (`<name>.svg` or `.png`/`.pdf`), or `nil` when gnuplot is not
    /// installed or rendering was not asked for.
    public var image: URL?
    /// Points dropped while writing the data, one line each (empty when none).
    public var notes: [String]
}

/// Turns a `Figure` into a gnuplot script and data file, and renders it when gnuplot exists.
///
/// The script sets its own terminal and output and reads its data file by bare name, so it
/// stays runnable on its own: `cd DIR && gnuplot NAME.gp` (SVG) or
/// `gnuplot -e "fmt='png'" NAME.gp` (PNG). Output is deterministic: the same figure always
/// gives byte-identical files.
public struct PlotWriter: Sendable {
    /// The image format to render after writing, or `nil` to write script and data only.
    /// Rendering happens only when `Gnuplot.isAvailable`.
    public var render: ImageFormat?

    /// Creates a writer that renders `render` (SVG by default) when gnuplot is installed.
    public init(render: ImageFormat? = .svg) {
        self.render = render
    }

    /// The script and data text of `figure`, without touching the file system.
    ///
    /// Throws `PlotError` for an unsafe name, series arrays of different lengths, or an
    /// invalid function expression or range.
    public func contents(of figure: Figure) throws -> PlotContents {
        try Self.validate(name: figure.name)
        let blocks = try DataBlocks.make(for: figure)
        return PlotContents(
            script: ScriptBuilder.script(for: figure, blocks: blocks),
            data: DataBlocks.text(of: blocks, figureName: figure.name),
            notes: blocks.flatMap(\.notes))
    }

    /// Writes `<name>.dat` and `<name>.gp` into `directory` (created if missing), then renders
    /// the image when `render` is set and gnuplot is installed.
    ///
    /// Throws `PlotError` for an invalid figure, a file-system error, or `GnuplotError` when
    /// gnuplot fails (the error carries gnuplot's stderr).
    @discardableResult
    public func write(_ figure: Figure, to directory: URL) throws -> PlotFiles {
        let contents = try contents(of: figure)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let script = directory.appendingPathComponent("\(figure.name).gp")
        let data = directory.appendingPathComponent("\(figure.name).dat")
        try Data(contents.data.utf8).write(to: data, options: .atomic)
        try Data(contents.script.utf8).write(to: script, options: .atomic)
        var image: URL?
        if let render, Gnuplot.isAvailable {
            image = try Gnuplot.render(script: script, format: render)
        }
        return PlotFiles(script: script, data: data, image: image, notes: contents.notes)
    }

    /// Rejects names that are not plain file stems.
    static func validate(name: String) throws {
        let allowed = name.unicodeScalars.allSatisfy {
            ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0)))
                || $0 == "." || $0 == "_" || $0 == "-"
        }
        guard !name.isEmpty, allowed, !name.hasPrefix("."), name.count <= 200 else {
            throw PlotError.invalidName(name)
        }
    }
}
