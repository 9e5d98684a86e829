import Foundation
import PopBenchCore
import PopBenchPlot

/// One figure of `popbench figures`: an id (`F1`), what it shows, and how to build it from its
/// declared experiment. Builders return the figure descriptions and a caption that states the
/// experiment and the finding with its numbers and CIs.
public struct PaperFigure: Sendable {
    public var id: String
    public var summary: String
    public var build: @Sendable (FigureContext) throws -> Output

    /// What a builder produces.
    public struct Output: Sendable {
        public var figures: [Figure]
        public var caption: String
        /// Extra text files written beside the figure (file name -> contents), e.g. a
        /// generated Markdown table; the index links them.
        public var files: [String: String]
        public init(figures: [Figure], caption: String, files: [String: String] = [:]) {
            self.figures = figures; self.caption = caption; self.files = files
        }
    }

    public init(id: String, summary: String, build: @escaping @Sendable (FigureContext) throws -> Output) {
        self.id = id; self.summary = summary; self.build = build
    }
}

/// Caption helpers: numbers with their intervals, written the same way in every caption.
enum Caption {
    /// `v [low, high]`; a value that could not be measured (e.g. a speedup where no trial
    /// reached the target) or an interval that does not exist is said in words, never `nan`.
    static func value(_ v: Double, _ low: Double, _ high: Double) -> String {
        guard v.isFinite else { return "not measured (too few trials reached the target)" }
        guard low.isFinite, high.isFinite else {
            return "\(ReportFormatter.short(v)) (no finite 95% interval: too few trials reached the target)"
        }
        return "\(ReportFormatter.short(v)) [\(ReportFormatter.short(low)), \(ReportFormatter.short(high))]"
    }

    static func setting(_ quick: Bool) -> String {
        quick ? "Quick setting (fewer trials, shorter runs, smaller n than the full figure; regenerate without --quick for the paper version)."
              : "Full setting."
    }
}

extension Figure.Series {
    /// A mean curve with its band, relabeled.
    static func curve(_ c: MeanCurve, label: String) -> Figure.Series {
        .band(label: label, x: c.x, mean: c.mean, low: c.low, high: c.high)
    }
}

extension RunPlots {
    /// The run's time-against-n figure renamed and retitled for a paper figure, on a log y axis.
    static func scalingFigures(_ analysis: Analyzer.Analysis, name: String, title: String) -> [Figure] {
        scalingFigures(analysis).map { figure in
            var f = figure
            f.name = name
            f.title = title
            f.logY = true
            return f
        }
    }
}
