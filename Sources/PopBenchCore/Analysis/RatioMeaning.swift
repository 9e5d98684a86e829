/// When a ratio of medians means nothing, and why: a clock on which the baseline (or the plugin)
/// spends nothing (sequential SGD sends no bytes), or a median time that is never reached (more
/// than half the trials fail). Reports print the reason instead of `0x`, `inf` or `nan`.
public enum RatioMeaning {
    /// The reason `median(baseline) / median(plugin)` on `clock` means nothing, or nil when it
    /// is a meaningful speedup. `verb` is what the time measures (`reaches the target`,
    /// `converges`).
    public static func undefinedReason(plugin: String, baseline: String, clock: Clock,
                                       pluginMedian: Double, baselineMedian: Double,
                                       verb: String = "reaches the target") -> String? {
        let zeroB = baselineMedian == 0, zeroP = pluginMedian == 0
        if zeroB && zeroP { return "neither \(baseline) nor \(plugin) \(spends(clock))" }
        if zeroB { return "\(baseline) \(spends(clock))" }
        if zeroP { return "\(plugin) \(spends(clock))" }
        let infB = baselineMedian.isInfinite, infP = pluginMedian.isInfinite
        if infB && infP { return "neither \(baseline) nor \(plugin) \(verb) in most trials" }
        if infP { return "\(plugin) never \(verb) in most trials (median time infinite)" }
        if infB { return "\(baseline) never \(verb) in most trials (median time infinite)" }
        if baselineMedian.isNaN || pluginMedian.isNaN { return "no trial recorded this clock" }
        return nil
    }

    /// What a zero on `clock` means: `sends no bytes`, ...
    static func spends(_ clock: Clock) -> String {
        switch clock {
        case .bytes: "sends no bytes"
        case .nodeSteps, .grads: "evaluates no gradient before the target"
        case .parallel: "takes no parallel time to the target"
        case .wall: "takes no wall-clock time to the target"
        }
    }

    /// How `clock` is named in a sentence: `in node-steps`, `in wall time`, ...
    public static func phrase(_ clock: String) -> String {
        switch Clock(rawValue: clock) {
        case .nodeSteps: "in node-steps"
        case .grads: "in gradient evaluations"
        case .parallel: "in parallel time"
        case .wall: "in wall time"
        case .bytes: "in bytes sent"
        case nil: "on \(clock)"
        }
    }
}
