import Foundation

/// How PopBenchPlot writes numbers: `%.10g` (ten significant digits, locale-independent),
/// `NaN` for anything non-finite. The same input always gives the same text.
public enum PlotNumber {
    /// `value` as `%.10g`, or `NaN` when it is NaN or infinite.
    public static func format(_ value: Double) -> String {
        guard value.isFinite else { return "NaN" }
        return String(format: "%.10g", value)
    }
}
