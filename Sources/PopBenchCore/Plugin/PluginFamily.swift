/// The two plugin families behind one contract.
public enum PluginFamily: String, Sendable, Hashable, Codable {
    case optimization
    case `protocol`
}
