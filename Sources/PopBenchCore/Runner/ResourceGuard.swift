import Foundation

/// Refuses, before any work and with one line naming the estimate and the option that would
/// fit, runs that would exhaust memory or run for days: allocations of 80 GB crash the process
/// with a signal and unbounded budgets hang, so both are checked from the configuration first.
public enum ResourceGuard {
    /// Memory a run may plan to use: 80% of the machine's physical memory.
    public static var memoryLimit: Double { 0.8 * Double(ProcessInfo.processInfo.physicalMemory) }
    /// Longest estimated single trial accepted (documented cap): 24 hours.
    public static let maxTrialSeconds = 86_400.0
    /// Most trials one run may hold (cells x trials): every record is kept in memory and in
    /// `trials.jsonl`.
    public static let maxTotalTrials = 10_000_000
    /// Bytes one trial record takes in memory, as planned (series of checkpoints included).
    public static let bytesPerRecord = 16_384.0

    /// Checks one cell's estimate with `concurrent` trials in memory at once.
    public static func check(_ e: ResourceEstimate, concurrent: Int, what: String) throws {
        let total = e.bytes * Double(max(1, concurrent))
        if !(total <= memoryLimit) {
            let per = concurrent > 1 ? " (\(bytesText(e.bytes)) per trial x \(concurrent) trials at once)" : ""
            let fewer = concurrent > 1 && e.bytes <= memoryLimit ? "use --jobs \(max(1, Int(memoryLimit / e.bytes))) or " : ""
            throw UsageError("\(what): needs about \(bytesText(total)) of memory\(per), more than the \(bytesText(memoryLimit)) this machine allows; \(fewer)\(e.memoryAdvice)")
        }
        if let s = e.seconds, !(s <= maxTrialSeconds) {
            let basis = e.basis.map { " (\($0) at \(secondsText(e.secondsPerUnit ?? .nan)) per unit)" } ?? ""
            throw UsageError("\(what): one trial may run about \(secondsText(s))\(basis), above the cap of 24 h per trial; \(e.timeAdvice)")
        }
    }

    /// Checks the number of trials of a run (overflow-checked) and their records' memory.
    public static func checkTrials(cells: Int, trials: Int) throws {
        let (total, overflow) = cells.multipliedReportingOverflow(by: trials)
        if overflow || total > maxTotalTrials {
            throw UsageError("--trials: \(trials) trials x \(cells) cells is more than \(maxTotalTrials) trials in one run; lower --trials or give fewer sizes")
        }
        if Double(total) * bytesPerRecord > memoryLimit {
            throw UsageError("--trials: \(total) trial records need about \(bytesText(Double(total) * bytesPerRecord)) of memory; lower --trials")
        }
    }

    /// `80 GB`, `512 MB`, with three significant digits.
    public static func bytesText(_ b: Double) -> String {
        guard b.isFinite else { return "an unbounded amount" }
        for (unit, size) in [("PB", 1e15), ("TB", 1e12), ("GB", 1e9), ("MB", 1e6), ("KB", 1e3)] where b >= size {
            return String(format: "%.3g %@", b / size, unit)
        }
        return String(format: "%.0f bytes", b)
    }

    /// `1e+08`, `2000`: three significant digits.
    public static func numberText(_ v: Double) -> String { String(format: "%.3g", v) }

    /// `3.2 days`, `5 h`, `40 s`, with two significant digits.
    public static func secondsText(_ s: Double) -> String {
        guard s.isFinite, s < 3.15e13 else { return "forever (over a million years)" }
        if s >= 3.15e7 { return String(format: "%.2g years", s / 3.15e7) }
        if s >= 86_400 { return String(format: "%.2g days", s / 86_400) }
        if s >= 3600 { return String(format: "%.2g h", s / 3600) }
        if s > 0 && s < 1e-3 { return String(format: "%.3g us", s * 1e6) }
        if s > 0 && s < 1 { return String(format: "%.3g ms", s * 1e3) }
        return String(format: "%.2g s", s)
    }
}
