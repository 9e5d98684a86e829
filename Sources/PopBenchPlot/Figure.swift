import PopBenchCore

/// A declarative description of one paper-style figure: axes, labels and the series drawn.
///
/// A `Figure` holds no gnuplot syntax; `PlotWriter` turns it into `<name>.gp` and `<name>.dat`.
///
/// ```swift
/// let figure = Figure(
///     name: "mean-time-vs-n",
///     title: "mean estimation: time to target vs n (20 trials)",
///     xLabel: "population size n",
///     yLabel: Figure.axisLabel(for: .parallel),
///     logX: true,
///     series: [.points(label: "popsgd", x: ns, y: means, low: lows, high: highs)])
/// ```
public struct Figure: Sendable, Hashable {
    /// File stem of the generated files (`<name>.gp`, `<name>.dat`, `<name>.svg`).
    ///
    /// Letters, digits, `.`, `_` and `-` only, not starting with `.`; anything else is rejected
    /// by `PlotWriter` so that the name can never escape the output directory or the script's
    /// quoting.
    public var name: String
    /// The figure title, e.g. the task, the population sizes and the number of trials.
    /// A newline starts a second title line. Printed literally (no enhanced-text markup).
    public var title: String
    /// The x-axis label, with units and, for time axes, the clock (see `axisLabel(for:)`).
    public var xLabel: String
    /// The y-axis label, with units and, for time axes, the clock (see `axisLabel(for:)`).
    public var yLabel: String
    /// A logarithmic x axis. Points with x <= 0 are dropped (and reported in the notes).
    public var logX: Bool
    /// A logarithmic y axis. Points with a non-positive y value (or band bound, or error-bar
    /// end) are dropped (and reported in the notes).
    public var logY: Bool
    /// Optional x-axis limits; `nil` autoscales.
    public var xRange: AxisRange?
    /// Optional y-axis limits; `nil` autoscales.
    public var yRange: AxisRange?
    /// The series, drawn in this order (bands are drawn first, underneath every curve).
    public var series: [Series]
    /// Where the legend goes.
    public var key: KeyPosition
    /// The values the plotted quantity can take (accuracy [0, 1], an error [0, inf)): means,
    /// band and error-bar ends outside it are clipped to it, so a CI band never shows an
    /// accuracy above 1. nil: no clipping.
    public var valueRange: AxisRange?

    /// Creates a figure description.
    public init(name: String, title: String, xLabel: String, yLabel: String,
                logX: Bool = false, logY: Bool = false,
                xRange: AxisRange? = nil, yRange: AxisRange? = nil,
                series: [Series], key: KeyPosition = .topLeft) {
        self.name = name
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.logX = logX
        self.logY = logY
        self.xRange = xRange
        self.yRange = yRange
        self.series = series
        self.key = key
    }

    /// The axis label of a time axis measured on `clock`, e.g. `parallel time (interactions / n)`.
    public static func axisLabel(for clock: Clock) -> String { clock.label }

    /// An axis label naming a quantity and its unit: `axisLabel("loss", unit: "nats")` is
    /// `loss (nats)`; a `nil` or empty unit gives the bare quantity.
    public static func axisLabel(_ quantity: String, unit: String?) -> String {
        guard let unit, !unit.isEmpty else { return quantity }
        return "\(quantity) (\(unit))"
    }
}

/// Axis limits; a `nil` end is autoscaled by gnuplot.
public struct AxisRange: Sendable, Hashable {
    /// The lower limit, or `nil` to autoscale it.
    public var min: Double?
    /// The upper limit, or `nil` to autoscale it.
    public var max: Double?

    /// Creates axis limits; pass `nil` for an end that gnuplot should choose.
    public init(min: Double? = nil, max: Double? = nil) {
        self.min = min
        self.max = max
    }
}

/// Where the legend (gnuplot's key) is placed.
public enum KeyPosition: String, Sendable, Hashable, CaseIterable {
    /// Inside the plot, top left.
    case topLeft
    /// Inside the plot, top right.
    case topRight
    /// Inside the plot, bottom left.
    case bottomLeft
    /// Inside the plot, bottom right.
    case bottomRight
    /// Outside the plot, to the right.
    case outsideRight
    /// Below the plot, entries side by side.
    case below
    /// No legend.
    case none

    /// The `set key` arguments for this position.
    var gnuplotSpec: String {
        switch self {
        case .topLeft: "inside top left reverse Left"
        case .topRight: "inside top right noreverse Right"
        case .bottomLeft: "inside bottom left reverse Left"
        case .bottomRight: "inside bottom right noreverse Right"
        case .outsideRight: "outside right top reverse Left"
        case .below: "below center horizontal reverse Left"
        case .none: ""
        }
    }
}
