import Foundation

/// The rows of one series after sampling and filtering, ready for the data file.
struct DataBlock: Sendable {
    /// Position of the series in `Figure.series`, and its `index` in the data file.
    var index: Int
    var series: Figure.Series
    /// Column names, e.g. `["x", "mean", "low", "high"]`.
    var columns: [String]
    var rows: [[Double]]
    /// The color the series is drawn in.
    var color: PlotColor
    /// Why points were dropped, one line per reason.
    var notes: [String]

    var isEmpty: Bool { rows.isEmpty }
}

/// Turns a figure's series into data blocks: checks lengths, samples functions, drops
/// non-finite rows and (on log axes) non-positive ones, and assigns colors.
enum DataBlocks {
    /// Samples drawn for a `.function` series.
    static let functionSamples = 200

    static func make(for figure: Figure) throws -> [DataBlock] {
        var paletteIndex = 0
        var blocks: [DataBlock] = []
        for (index, series) in figure.series.enumerated() {
            let (columns, raw) = try table(for: series, logX: figure.logX)
            let color: PlotColor
            if let chosen = series.color {
                color = chosen
            } else if series.usesPalette {
                color = PlotColor.palette(paletteIndex)
            } else {
                color = .black
            }
            if series.usesPalette { paletteIndex += 1 }

            var notes: [String] = []
            var rows = raw.filter { $0.allSatisfy(\.isFinite) }
            if let range = figure.valueRange {
                // Clip every value column (not x) to what the quantity can take.
                let low = range.min ?? -.infinity, high = range.max ?? .infinity
                rows = rows.map { row in [row[0]] + row.dropFirst().map { Swift.min(high, Swift.max(low, $0)) } }
            }
            let name = "series \(index) '\(series.label)'"
            if rows.count < raw.count {
                notes.append("\(name): dropped \(raw.count - rows.count) of \(raw.count) points with NaN or infinite values")
            }
            if figure.logX {
                let before = rows.count
                rows.removeAll { $0[0] <= 0 }
                if rows.count < before {
                    notes.append("\(name): dropped \(before - rows.count) points with x <= 0 on the log x axis")
                }
            }
            if figure.logY {
                let before = rows.count
                rows.removeAll { $0.dropFirst().contains { $0 <= 0 } }
                if rows.count < before {
                    notes.append("\(name): dropped \(before - rows.count) points with a value <= 0 on the log y axis")
                }
            }
            if case .band = series.kind {
                // filledcurves needs the band in x order; the sort is stable and deterministic.
                rows = rows.enumerated()
                    .sorted { ($0.element[0], $0.offset) < ($1.element[0], $1.offset) }
                    .map(\.element)
            }
            if rows.isEmpty && !raw.isEmpty {
                notes.append("\(name): no plottable points left, not drawn")
            }
            blocks.append(DataBlock(index: index, series: series, columns: columns, rows: rows,
                                    color: color, notes: notes))
        }
        return blocks
    }

    /// Column names and unfiltered rows of one series.
    private static func table(for series: Figure.Series,
                              logX: Bool) throws -> ([String], [[Double]]) {
        switch series.kind {
        case .band(let x, let mean, let low, let high):
            return (["x", "mean", "low", "high"],
                    try zipColumns(series.label, [x, mean, low, high]))
        case .line(let x, let y, _), .reference(let x, let y):
            return (["x", "y"], try zipColumns(series.label, [x, y]))
        case .points(let x, let y, let low, let high, _):
            return (["x", "y", "low", "high"], try zipColumns(series.label, [x, y, low, high]))
        case .function(let text, let xMin, let xMax):
            let expression = try PlotExpression(text)
            guard xMin.isFinite, xMax.isFinite, xMin < xMax, !logX || xMin > 0 else {
                throw PlotError.invalidFunctionRange(series: series.label, xMin: xMin, xMax: xMax)
            }
            let xs = sample(from: xMin, to: xMax, count: functionSamples, logarithmic: logX)
            return (["x", "y"], xs.map { [$0, expression($0)] })
        }
    }

    private static func zipColumns(_ label: String, _ columns: [[Double]]) throws -> [[Double]] {
        let counts = columns.map(\.count)
        guard Set(counts).count <= 1 else {
            throw PlotError.mismatchedLengths(series: label, counts: counts)
        }
        return (0..<(counts.first ?? 0)).map { row in columns.map { $0[row] } }
    }

    /// `count` points from `a` to `b` inclusive, evenly spaced (in log space if asked).
    static func sample(from a: Double, to b: Double, count: Int, logarithmic: Bool) -> [Double] {
        (0..<count).map { i in
            let t = Double(i) / Double(count - 1)
            if i == count - 1 { return b }
            return logarithmic ? exp(log(a) + t * (log(b) - log(a))) : a + t * (b - a)
        }
    }

    /// The data file: a header, then one block per series separated by two blank lines.
    static func text(of blocks: [DataBlock], figureName: String) -> String {
        var out = """
        # popbench figure data: \(figureName)
        # One block per series, in the order of the figure's series, separated by two blank
        # lines: gnuplot selects block N with `index N`. Numbers are %.10g. Rows with NaN or
        # infinite values, and on log axes rows with non-positive values, were dropped.

        """
        for (position, block) in blocks.enumerated() {
            if position > 0 { out += "\n\n" }
            out += "# index \(block.index): \(block.series.kindName) \"\(oneLine(block.series.label))\""
            out += " color \(block.color.hex)\n"
            if case .function(let text, let xMin, let xMax) = block.series.kind {
                out += "# function: y = \(oneLine(text)) on [\(PlotNumber.format(xMin)), "
                out += "\(PlotNumber.format(xMax))], \(functionSamples) samples\n"
            }
            for note in block.notes { out += "# note: \(oneLine(note))\n" }
            out += "# columns: " + block.columns.joined(separator: " ") + "\n"
            if block.rows.isEmpty {
                // Keeps the block (and so the numbering of later blocks); gnuplot skips NaN.
                out += block.columns.map { _ in "NaN" }.joined(separator: " ") + "\n"
            }
            for row in block.rows {
                out += row.map(PlotNumber.format).joined(separator: " ") + "\n"
            }
        }
        return out
    }

    static func oneLine(_ text: String) -> String {
        text.replacingOccurrences(of: "\r", with: " ").replacingOccurrences(of: "\n", with: " ")
    }
}
