/// Parses population-size lists as the CLI accepts them: `2,4,8`, powers `1e3,1e6`, a doubling
/// range `2..512` (2, 4, 8, ..., 512) or a stepped range `10..50+10` (10, 20, ..., 50).
public enum NumberList {
    /// The sizes in `text`, each a whole number >= `minimum`; the error names `field`.
    /// Most sizes one list may expand to: ranges are counted before they are materialized.
    public static let maxCount = 1000

    public static func sizes(_ text: String, field: String = "--n", minimum: Int = 1) throws -> [Int] {
        var out: [Int] = []
        func room(for count: Int, _ item: String) throws {
            if count > maxCount - out.count {
                throw UsageError("\(field): '\(item)' expands to \(count) sizes; a list may have at most \(maxCount) (use a doubling range like 2..512 or a larger step)")
            }
        }
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            let item = part.trimmingCharacters(in: .whitespaces)
            if let dots = item.range(of: "..") {
                let lowText = String(item[..<dots.lowerBound])
                var rest = String(item[dots.upperBound...])
                var step: Int?
                if let plus = rest.firstIndex(of: "+") {
                    step = try whole(String(rest[rest.index(after: plus)...]), field: field, whole: item)
                    rest = String(rest[..<plus])
                }
                let low = try whole(lowText, field: field, whole: item)
                let high = try whole(rest, field: field, whole: item)
                guard low <= high, low >= 1 else {
                    throw UsageError("\(field): range '\(item)' must go from a positive start up to its end")
                }
                if let step, step > 0 {
                    try room(for: (high - low) / step + 1, item)
                    out += Array(stride(from: low, through: high, by: step))
                } else if step != nil {
                    throw UsageError("\(field): range step in '\(item)' must be positive")
                } else {
                    var v = low
                    while v <= high {
                        try room(for: 1, item)
                        out.append(v)
                        let (next, overflow) = v.multipliedReportingOverflow(by: 2)
                        if overflow { break }
                        v = next
                    }
                }
            } else {
                try room(for: 1, item)
                out.append(try whole(item, field: field, whole: item))
            }
        }
        for v in out where v < minimum {
            throw UsageError("\(field): \(v) is too small; allowed: whole numbers >= \(minimum), e.g. 2,4,8 or 1e3,1e6 or 2..512")
        }
        return out
    }

    /// The largest size `n` stores is below this (2^63 is about 9.22e18).
    public static let largestWholeSize = 9.2e18
    /// The largest real population size accepted (the tau engine's range).
    public static let largestRealSize = 1e24

    /// The sizes in `text` as `sizes` reads them, except that single whole numbers from 2^63 up
    /// to `largestRealSize` (e.g. `6.02e23`) are returned apart, as real sizes, for plugins that
    /// simulate real-valued counts; ranges stay below 2^63.
    public static func sizesAndRealSizes(_ text: String, field: String = "--n", minimum: Int = 1) throws
        -> (sizes: [Int], real: [Double]) {
        var rest: [String] = [], real: [Double] = []
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            let item = part.trimmingCharacters(in: .whitespaces)
            if !item.contains(".."), let d = parseNumber(item), d.isFinite, d == d.rounded(), d >= largestWholeSize {
                guard d <= largestRealSize else {
                    throw UsageError("\(field): '\(item)' is above 1e24, the largest population size any engine runs; allowed: up to 1e24 (with --engine tau)")
                }
                if !real.contains(d) { real.append(d) }
            } else {
                rest.append(String(part))
            }
        }
        if rest.isEmpty { return ([], real) }
        return (try sizes(rest.joined(separator: ","), field: field, minimum: minimum), real)
    }

    private static func whole(_ text: String, field: String, whole item: String) throws -> Int {
        guard let d = parseNumber(text), d.isFinite, d == d.rounded(), d >= 1 else {
            throw UsageError("\(field): '\(item)' is not a positive whole number; allowed: e.g. 2,4,8 or 1e3,1e6 or 2..512")
        }
        if d >= 9.2e18 {
            throw UsageError("\(field): '\(item)' exceeds 2^63 (about 9.2e18), the largest size the harness stores (sizes are 64-bit integers); allowed: up to 9e18 (--engine tau runs protocols there in seconds)")
        }
        return Int(d)
    }

    /// `sizes` in first-seen order without repeats, and the repeated values (for a note).
    public static func distinct(_ sizes: [Int]) -> (sizes: [Int], repeated: [Int]) {
        var seen = Set<Int>(), out: [Int] = [], repeated: [Int] = []
        for v in sizes {
            if seen.insert(v).inserted { out.append(v) } else if !repeated.contains(v) { repeated.append(v) }
        }
        return (out, repeated)
    }
}
