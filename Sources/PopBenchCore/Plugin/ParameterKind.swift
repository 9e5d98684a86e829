/// The type of a plugin or task parameter, as shown by `popbench describe` and checked on input.
public enum ParameterKind: Sendable, Hashable {
    /// A whole number, e.g. a dimension or a number of local steps.
    case int
    /// A real number, e.g. a learning rate or a latency in seconds.
    case double
    /// A yes/no switch.
    case bool
    /// One word out of a fixed list, e.g. a topology or a schedule name.
    case choice([String])

    /// The name shown in `describe` and in error messages.
    public var displayName: String {
        switch self {
        case .int: "int"
        case .double: "real"
        case .bool: "bool"
        case .choice(let options): options.joined(separator: "|")
        }
    }
}
