import Foundation
import PopBenchCore
import PopBenchPlot

/// The declared set of paper figures and the writer of their outputs: per figure a gnuplot
/// script, its data, the rendered SVG and a caption file; and an index `README.md`.
public enum FigureSet {
    /// F1...F8 (with F4b after F4), in order.
    public static let all: [PaperFigure] = [
        OptimizationFigures.f1, OptimizationFigures.f2, ReplicaFigures.f3, WallClockFigures.f4, WallClockFigures.f4Regions,
        ProtocolFigures.f5, ProtocolFigures.f6, OptimizationFigures.f7, ProtocolTableFigure.f8,
    ]

    /// The figures named in `only` (all when empty); unknown ids are a usage error.
    public static func select(_ only: [String]) throws -> [PaperFigure] {
        guard !only.isEmpty else { return all }
        let known = all.map(\.id)
        for id in only where !known.contains(id) {
            throw UsageError("--only: unknown figure '\(id)'; known: \(known.joined(separator: ", "))")
        }
        return all.filter { only.contains($0.id) }
    }

    /// What was written for one figure.
    public struct Written: Sendable {
        public var id: String
        public var images: [String]
        /// Extra files written beside the figure (e.g. a Markdown table).
        public var files: [String] = []
        public var caption: String
        public var seconds: Double
    }

    /// Checks before any work that `directory` can hold the figures and that none of `figures`
    /// is there already unless `force` (a figure is there when its caption file is).
    public static func checkWritable(_ figures: [PaperFigure], to directory: URL, force: Bool) throws {
        try OutputDirectory.check(directory, field: "--out")
        guard !force else { return }
        let there = figures.filter { FileManager.default.fileExists(atPath: captionURL($0.id, in: directory).path) }.map(\.id)
        if !there.isEmpty {
            throw UsageError("--out: \(there.joined(separator: ", ")) already in \(directory.path); pass --force to overwrite (or --out DIR)")
        }
    }

    static func captionURL(_ id: String, in directory: URL) -> URL {
        directory.appendingPathComponent("\(id).caption.txt")
    }

    /// Builds and writes `figures` into `directory`, then the index of every figure there (those
    /// written before included). A figure whose plugins are missing throws (the caller reports
    /// it); the others are still written. Each figure logs a line through `context.log` when it
    /// starts and when it is done.
    public static func write(_ figures: [PaperFigure], context: FigureContext, to directory: URL) throws -> (written: [Written], failures: [String]) {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let writer = PlotWriter(render: Gnuplot.isAvailable ? .svg : nil)
        var written: [Written] = [], failures: [String] = []
        for (k, figure) in figures.enumerated() {
            let start = Date()
            context.log("\(figure.id) (\(k + 1)/\(figures.count)): \(figure.summary)")
            defer { context.log("\(figure.id) done in \(String(format: "%.1f", Date().timeIntervalSince(start))) s") }
            do {
                let output = try figure.build(context)
                if case .run? = context.shardMode { continue }  // a shard stores trials, builds nothing
                var images: [String] = []
                for f in output.figures {
                    let files = try writer.write(f, to: directory)
                    images.append((files.image ?? files.script).lastPathComponent)
                }
                let caption = "\(figure.id): \(figure.summary).\n\n\(output.caption)\n"
                try caption.write(to: captionURL(figure.id, in: directory), atomically: true, encoding: .utf8)
                for (name, text) in output.files.sorted(by: { $0.key < $1.key }) {
                    try text.write(to: directory.appendingPathComponent(name), atomically: true, encoding: .utf8)
                }
                written.append(Written(id: figure.id, images: images, files: output.files.keys.sorted(), caption: caption,
                                       seconds: Date().timeIntervalSince(start)))
            } catch {
                failures.append("\(figure.id): \(error)")
            }
        }
        if case .run? = context.shardMode { return (written, failures) }
        try index(written + earlier(excluding: written.map(\.id), in: directory), failures: failures, quick: context.quick).write(to: directory.appendingPathComponent("README.md"), atomically: true, encoding: .utf8)
        return (written, failures)
    }

    /// Figures written by earlier runs into `directory` (their caption file is there), except
    /// `ids`: so that `--only F6` adds F6 to the index instead of replacing it.
    static func earlier(excluding ids: [String], in directory: URL) -> [Written] {
        let files = ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []).sorted()
        return all.map(\.id).filter { !ids.contains($0) }.compactMap { id in
            guard let caption = try? String(contentsOf: captionURL(id, in: directory), encoding: .utf8) else { return nil }
            let images = files.filter { name in
                (name.hasPrefix(id + ".") || name.hasPrefix(id + "-")) && (name.hasSuffix(".svg") || name.hasSuffix(".png"))
            }
            let tables = files.filter { $0.hasPrefix(id + ".") && $0.hasSuffix(".md") }
            return Written(id: id, images: images, files: tables, caption: caption, seconds: .nan)
        }
    }

    static func index(_ unordered: [Written], failures: [String], quick: Bool) -> String {
        let order = all.map(\.id)
        let written = unordered.sorted { (order.firstIndex(of: $0.id) ?? 99) < (order.firstIndex(of: $1.id) ?? 99) }
        var s = "# popbench figures\n\nRegenerated by `popbench figures\(quick ? " --quick" : "")` (popbench \(PopBench.version)"
        if let commit = Machine.gitCommit() { s += ", commit \(commit.prefix(12))" }
        s += "). Each figure has its gnuplot script (`.gp`), data (`.dat`) and caption (`.caption.txt`) beside it; "
            + "figures without a build time were written by an earlier run.\n"
        for w in written {
            s += "\n## \(w.id)\n\n"
            for image in w.images { s += "![\(w.id)](\(image))\n\n" }
            for file in w.files { s += "Generated table: [\(file)](\(file))\n\n" }
            // One paragraph per caption line (Markdown joins single newlines).
            s += w.caption.split(separator: "\n").dropFirst().joined(separator: "\n\n") + "\n"
            if w.seconds.isFinite { s += "\n_(built in \(String(format: "%.1f", w.seconds)) s)_\n" }
        }
        if !failures.isEmpty {
            s += "\n## Not generated\n\n" + failures.map { "- \($0)" }.joined(separator: "\n") + "\n"
        }
        return s
    }
}
