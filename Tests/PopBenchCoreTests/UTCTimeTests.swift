import Foundation
import Testing
import PopBenchCore

/// The hand-formatted UTC stamps against Foundation's formatters (the independent reference).
@Suite struct UTCTimeTests {
    static let dates: [Date] = [
        Date(timeIntervalSince1970: 0), Date(timeIntervalSince1970: 951_782_400),        // 1970; 2000-02-29
        Date(timeIntervalSince1970: 1_796_615_219.75), Date(timeIntervalSince1970: 4_102_444_799),   // 2026; 2099-12-31 23:59:59
        Date(timeIntervalSince1970: -86_399.5),   // 1969-12-31, before the epoch: truncated toward the past
    ]

    @Test(arguments: dates) func iso8601MatchesFoundation(date: Date) {
        #expect(UTCTime.iso8601(date) == ISO8601DateFormatter().string(from: date))
    }

    @Test(arguments: dates) func compactMatchesFoundation(date: Date) {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "yyyyMMdd-HHmmss"
        #expect(UTCTime.compact(date) == f.string(from: date))
    }
}
