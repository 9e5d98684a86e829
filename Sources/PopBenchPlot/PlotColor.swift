/// A line and fill color, written to gnuplot as `rgb '#RRGGBB'`.
public struct PlotColor: Sendable, Hashable, CustomStringConvertible {
    /// The color as `#RRGGBB` (upper-case hex digits).
    public let hex: String

    /// Creates a color from `#RRGGBB` (or `RRGGBB`); returns `nil` for anything else.
    public init?(hex: String) {
        let digits = hex.hasPrefix("#") ? String(hex.dropFirst()) : hex
        guard digits.count == 6, digits.allSatisfy(\.isHexDigit) else { return nil }
        self.hex = "#" + digits.uppercased()
    }

    private init(checked hex: String) { self.hex = hex }

    /// The hex form, `#RRGGBB`.
    public var description: String { hex }

    /// Okabe-Ito blue.
    public static let blue = PlotColor(checked: "#0072B2")
    /// Okabe-Ito vermillion.
    public static let vermillion = PlotColor(checked: "#D55E00")
    /// Okabe-Ito bluish green.
    public static let bluishGreen = PlotColor(checked: "#009E73")
    /// Okabe-Ito reddish purple.
    public static let reddishPurple = PlotColor(checked: "#CC79A7")
    /// Okabe-Ito orange.
    public static let orange = PlotColor(checked: "#E69F00")
    /// Okabe-Ito sky blue.
    public static let skyBlue = PlotColor(checked: "#56B4E9")
    /// Okabe-Ito yellow (weak on white; last in the palette).
    public static let yellow = PlotColor(checked: "#F0E442")
    /// Near-black, the default for reference lines.
    public static let black = PlotColor(checked: "#222222")

    /// The Okabe-Ito colorblind-safe palette, ordered for contrast on a white background.
    /// Series without an explicit color take these in turn (reference lines excepted).
    public static let palette: [PlotColor] = [
        .blue, .vermillion, .bluishGreen, .reddishPurple, .orange, .skyBlue, .yellow,
    ]

    /// The `index`-th palette color, cycling when there are more series than colors.
    public static func palette(_ index: Int) -> PlotColor {
        palette[((index % palette.count) + palette.count) % palette.count]
    }
}
