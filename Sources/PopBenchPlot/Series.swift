import PopBenchCore

extension Figure {
    /// One thing drawn in a figure: a curve with its confidence band, a line, measured points
    /// with error bars, a fitted function, or a reference line.
    ///
    /// Build series with the static constructors (`.band(...)`, `.line(...)`, `.points(...)`,
    /// `.function(...)`, `.reference(...)`); `colored(_:)` overrides the automatic color.
    public struct Series: Sendable, Hashable {
        /// What is drawn and its data.
        public enum Kind: Sendable, Hashable {
            /// A mean curve with a shaded band between `low` and `high` (e.g. a 95% CI).
            /// The band is filled with the line's color, transparent, and has no legend entry.
            case band(x: [Double], mean: [Double], low: [Double], high: [Double])
            /// A plain curve, solid or dashed.
            case line(x: [Double], y: [Double], dashed: Bool)
            /// Points with vertical error bars from `low` to `high` (measured means with CIs).
            /// `connected` also joins the points with a thin line.
            case points(x: [Double], y: [Double], low: [Double], high: [Double], connected: Bool)
            /// A curve `y = f(x)` given as an expression in `x` (see `PlotExpression`), sampled
            /// by PopBenchPlot on `[xMin, xMax]` (log-spaced on a log x axis) into the data file.
            case function(expression: String, xMin: Double, xMax: Double)
            /// A dashed reference line through the given points (e.g. an exact expectation, or
            /// sequential SGD's time as a horizontal line).
            case reference(x: [Double], y: [Double])
        }

        /// The legend entry. An empty label draws the series without a legend entry.
        public var label: String
        /// What is drawn.
        public var kind: Kind
        /// The color; `nil` takes the next palette color (reference lines: near-black).
        public var color: PlotColor?

        /// Creates a series; the static constructors are usually more convenient.
        public init(label: String, kind: Kind, color: PlotColor? = nil) {
            self.label = label
            self.kind = kind
            self.color = color
        }

        /// A copy drawn in `color` instead of the automatic palette color.
        public func colored(_ color: PlotColor) -> Series {
            var copy = self
            copy.color = color
            return copy
        }

        /// A mean curve with a shaded confidence band between `low` and `high`.
        public static func band(label: String, x: [Double], mean: [Double],
                                low: [Double], high: [Double]) -> Series {
            Series(label: label, kind: .band(x: x, mean: mean, low: low, high: high))
        }

        /// A plain curve, dashed when `dashed` is true.
        public static func line(label: String, x: [Double], y: [Double],
                                dashed: Bool = false) -> Series {
            Series(label: label, kind: .line(x: x, y: y, dashed: dashed))
        }

        /// Points with error bars from `low` to `high`; `connected` joins them with a line.
        public static func points(label: String, x: [Double], y: [Double], low: [Double],
                                  high: [Double], connected: Bool = false) -> Series {
            Series(label: label,
                   kind: .points(x: x, y: y, low: low, high: high, connected: connected))
        }

        /// A fitted curve given as an expression in `x`, e.g. `2.1*log(x)+0.3`, drawn on
        /// `[xMin, xMax]`. The expression is checked by `PlotWriter` (see `PlotExpression`).
        public static func function(label: String, expression: String,
                                    xMin: Double, xMax: Double) -> Series {
            Series(label: label, kind: .function(expression: expression, xMin: xMin, xMax: xMax))
        }

        /// The fitted law `a*f(x)+b` of a `FitShape`, drawn on `[xMin, xMax]`.
        public static func fit(label: String, shape: FitShape, a: Double, b: Double,
                               xMin: Double, xMax: Double) -> Series {
            let aText = PlotNumber.format(a)
            let bText = PlotNumber.format(b)
            let expression = shape == .constant
                ? "(\(bText))"
                : "(\(aText))*(\(shape.rawValue))+(\(bText))"
            return function(label: label, expression: expression, xMin: xMin, xMax: xMax)
        }

        /// A dashed reference line through the given points.
        public static func reference(label: String, x: [Double], y: [Double]) -> Series {
            Series(label: label, kind: .reference(x: x, y: y))
        }

        /// A horizontal dashed reference line at `y` from `xMin` to `xMax`
        /// (e.g. sequential SGD's time to target).
        public static func horizontal(label: String, y: Double,
                                      xMin: Double, xMax: Double) -> Series {
            reference(label: label, x: [xMin, xMax], y: [y, y])
        }

        /// True for series of measured or exact points (bands, points, references), whose x
        /// values are the ones run; false for sampled curves (fits, functions, lines).
        var isMeasured: Bool {
            switch kind {
            case .band, .points, .reference: return true
            case .line, .function: return false
            }
        }

        /// True for the kinds that take palette colors (reference lines do not).
        var usesPalette: Bool {
            if case .reference = kind { return false }
            return true
        }

        /// A short name of the kind, used in data-file comments.
        var kindName: String {
            switch kind {
            case .band: "band"
            case .line: "line"
            case .points: "points"
            case .function: "function"
            case .reference: "reference"
            }
        }
    }
}
