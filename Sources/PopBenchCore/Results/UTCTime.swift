import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// UTC time stamps for run ids and manifests, formatted from the C library's broken-down time.
/// Foundation's `DateFormatter` and `ISO8601DateFormatter` load ICU's calendar data on first use
/// (about 2 ms of every `run`, `protocol` and `compare` process: a run id and two manifest
/// stamps), for a fixed numeric format that needs none of it.
public enum UTCTime {
    /// `2026-12-07T03:26:59Z`: ISO 8601 in UTC, to the second (what `ISO8601DateFormatter`
    /// writes by default).
    public static func iso8601(_ date: Date = Date()) -> String {
        let t = fields(date)
        return "\(pad(t.year, 4))-\(pad(t.month, 2))-\(pad(t.day, 2))T\(pad(t.hour, 2)):\(pad(t.minute, 2)):\(pad(t.second, 2))Z"
    }

    /// `20261207-032659`: the compact form used in run ids.
    public static func compact(_ date: Date = Date()) -> String {
        let t = fields(date)
        return "\(pad(t.year, 4))\(pad(t.month, 2))\(pad(t.day, 2))-\(pad(t.hour, 2))\(pad(t.minute, 2))\(pad(t.second, 2))"
    }

    /// The calendar fields of `date` in UTC (seconds truncated toward the past).
    static func fields(_ date: Date) -> (year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int) {
        var seconds = time_t(date.timeIntervalSince1970.rounded(.down))
        var t = tm()
        gmtime_r(&seconds, &t)
        return (Int(t.tm_year) + 1900, Int(t.tm_mon) + 1, Int(t.tm_mday), Int(t.tm_hour), Int(t.tm_min), Int(t.tm_sec))
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}
