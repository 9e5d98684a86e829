

/// The declaration of one parameter: name, type, default, valid range and help.
///
/// Declarations drive `popbench describe`, input validation (one-line errors naming the field
/// and what is allowed) and the defaults a trial sees when the user says nothing.
public struct ParameterSpec: Sendable, Hashable {
    public var name: String
    public var kind: ParameterKind
    public var defaultValue: ParameterValue
    /// Inclusive numeric range for `.int` and `.double`; nil means unbounded.
    public var range: ClosedRange<Double>?
    public var help: String

    public init(_ name: String, _ kind: ParameterKind, default defaultValue: ParameterValue,
                range: ClosedRange<Double>? = nil, help: String) {
        self.name = name
        self.kind = kind
        self.defaultValue = defaultValue
        self.range = range
        self.help = help
    }

    /// An integer parameter.
    public static func int(_ name: String, default value: Int, range: ClosedRange<Double>? = nil,
                           help: String) -> ParameterSpec {
        ParameterSpec(name, .int, default: .int(value), range: range, help: help)
    }

    /// A real parameter.
    public static func real(_ name: String, default value: Double, range: ClosedRange<Double>? = nil,
                            help: String) -> ParameterSpec {
        ParameterSpec(name, .double, default: .double(value), range: range, help: help)
    }

    /// A boolean switch.
    public static func flag(_ name: String, default value: Bool, help: String) -> ParameterSpec {
        ParameterSpec(name, .bool, default: .bool(value), help: help)
    }

    /// A choice among fixed words.
    public static func choice(_ name: String, _ options: [String], default value: String,
                              help: String) -> ParameterSpec {
        ParameterSpec(name, .choice(options), default: .string(value), help: help)
    }

    /// The allowed values in words, for `describe` and error messages.
    public var allowedDescription: String {
        switch kind {
        case .choice(let options): return "one of " + options.joined(separator: ", ")
        case .bool: return "true or false"
        case .int, .double:
            guard let r = range else { return kind == .int ? "any integer" : "any real number" }
            return "\(displayReal(r.lowerBound))...\(displayReal(r.upperBound))"
        }
    }

    /// Parses and range-checks a value given as text; the error names the field and what is allowed.
    public func parse(_ text: String, field: String? = nil) throws -> ParameterValue {
        let label = field ?? "--\(name)"
        let value: ParameterValue
        switch kind {
        case .int:
            guard let d = parseNumber(text), d.rounded() == d, abs(d) < 9.0e18 else {
                throw UsageError("\(label): '\(text)' is not an integer; allowed: \(allowedDescription)")
            }
            value = .int(Int(d))
        case .double:
            guard let d = parseNumber(text), d.isFinite else {
                throw UsageError("\(label): '\(text)' is not a number; allowed: \(allowedDescription)")
            }
            value = .double(d)
        case .bool:
            switch text.lowercased() {
            case "true", "yes", "1", "on": value = .bool(true)
            case "false", "no", "0", "off": value = .bool(false)
            default: throw UsageError("\(label): '\(text)' is not a boolean; allowed: true or false")
            }
        case .choice(let options):
            guard options.contains(text) else {
                throw UsageError("\(label): unknown value '\(text)'; allowed: \(options.joined(separator: ", "))")
            }
            value = .string(text)
        }
        try check(value, field: label)
        return value
    }

    /// Checks a value against the declared range.
    public func check(_ value: ParameterValue, field: String? = nil) throws {
        guard let r = range, let d = value.doubleValue else { return }
        if !r.contains(d) {
            throw UsageError("\(field ?? "--\(name)"): \(value) is out of range; allowed: \(allowedDescription)")
        }
    }
}

/// Parses an integer or real written as `64`, `1e6`, `2.5e-3` or `1_000`.
public func parseNumber(_ text: String) -> Double? {
    let cleaned = text.replacingOccurrences(of: "_", with: "").trimmingCharacters(in: .whitespaces)
    guard !cleaned.isEmpty, let d = Double(cleaned) else { return nil }
    return d
}

/// Formats a real for people: short, `%g` style for very large or small magnitudes.
public func displayReal(_ v: Double) -> String {
    if v.isFinite, v != 0, abs(v) >= 1e7 || abs(v) < 1e-4 { return String(format: "%g", v) }
    return formatReal(v)
}

/// Formats a real exactly and deterministically (integers without a fraction).
public func formatReal(_ v: Double) -> String {
    if v.isNaN { return "nan" }
    if v.isInfinite { return v > 0 ? "inf" : "-inf" }
    if v == v.rounded(), abs(v) < 1e15 { return String(Int64(v)) }
    return "\(v)"
}

import Foundation
