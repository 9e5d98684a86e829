import PopBenchCore
import PopBenchOptimization

/// `--network NAME|FILE` for every command that takes cost-model parameters: the preset or
/// profile file becomes the latency and bandwidth it names, so that the CLI needs no family.
public enum NetworkOverrides {
    /// The names of the network presets `--network` accepts.
    public static var presetNames: [String] { NetworkProfile.presetNames }

    /// `overrides` with `network` replaced by the latency and bandwidth it names; an explicit
    /// `latency` or `bandwidth` wins.
    public static func expand(_ overrides: [String: String]) throws -> [String: String] {
        try NetworkProfile.expand(overrides)
    }
}
