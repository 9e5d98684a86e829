/// A validated assignment of values to the declared parameters of one plugin and its task.
///
/// Every declared parameter has a value (the default unless the user set it), so plugins read
/// values without optional handling; keys are kept sorted so that the text form (used in seed
/// derivation and records) is canonical.
public struct Configuration: Sendable, Hashable, Codable {
    public private(set) var values: [String: ParameterValue]

    public init(_ values: [String: ParameterValue] = [:]) { self.values = values }

    /// Defaults for `specs`, overridden by `overrides` (text from the command line). Overrides
    /// naming no spec are ignored here; the caller checks that each one is used by someone.
    public init(specs: [ParameterSpec], overrides: [String: String]) throws {
        var values: [String: ParameterValue] = [:]
        for spec in specs {
            if let text = overrides[spec.name] {
                values[spec.name] = try spec.parse(text)
            } else {
                values[spec.name] = spec.defaultValue
            }
        }
        self.values = values
    }

    public subscript(name: String) -> ParameterValue? {
        get { values[name] }
        set { values[name] = newValue }
    }

    /// The integer value of a declared parameter.
    public func int(_ name: String) -> Int {
        switch values[name] {
        case .int(let v): return v
        case .double(let v): return Int(v)
        default: preconditionFailure("parameter \(name) is not a declared integer")
        }
    }

    /// The real value of a declared parameter.
    public func double(_ name: String) -> Double {
        guard let v = values[name]?.doubleValue else {
            preconditionFailure("parameter \(name) is not a declared number")
        }
        return v
    }

    /// The boolean value of a declared parameter.
    public func bool(_ name: String) -> Bool {
        guard case .bool(let v) = values[name] else { preconditionFailure("parameter \(name) is not a declared bool") }
        return v
    }

    /// The word of a declared choice parameter.
    public func string(_ name: String) -> String {
        guard let v = values[name] else { preconditionFailure("parameter \(name) is not declared") }
        return v.description
    }

    /// `a=1,b=x` with sorted keys: canonical, used in seeds, labels and records.
    public var canonicalText: String {
        values.keys.sorted().map { "\($0)=\(values[$0]!)" }.joined(separator: ",")
    }
}
