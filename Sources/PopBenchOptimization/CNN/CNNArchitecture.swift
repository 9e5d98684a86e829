import PopBenchCore

/// The family of networks the `cnn` task trains: conv(1 -> c1), ReLU, conv(c1 -> c2), ReLU,
/// 2x2 max-pool, linear(c2 * H/2 * W/2 -> 10). Named `conv<c1>-conv<c2>-pool-linear`.
///
/// The default, `conv16-conv32-pool-linear`, is the network: on 8x8 digits it has
/// 160 + 4,640 + 5,130 = 9,930 parameters and costs about 1.84 MFLOP per sample per SGD step.
public struct CNNArchitecture: Sendable, Equatable, Hashable, CustomStringConvertible {
    /// c1, the channels of the first convolution.
    public let conv1Channels: Int
    /// c2, the channels of the second convolution.
    public let conv2Channels: Int

    /// An architecture with the given channel counts (any positive values; `parse` accepts only
    /// the catalog in `known`).
    public init(conv1Channels: Int, conv2Channels: Int) {
        precondition(conv1Channels > 0 && conv2Channels > 0)
        self.conv1Channels = conv1Channels; self.conv2Channels = conv2Channels
    }

    /// `conv16-conv32-pool-linear`.
    public static let standard = CNNArchitecture(conv1Channels: 16, conv2Channels: 32)

    /// The architectures the task parameter accepts: a half-width, the standard, a double-width.
    public static let known: [CNNArchitecture] = [
        standard,
        CNNArchitecture(conv1Channels: 8, conv2Channels: 16),
        CNNArchitecture(conv1Channels: 32, conv2Channels: 64),
    ]

    /// `conv<c1>-conv<c2>-pool-linear`.
    public var name: String { "conv\(conv1Channels)-conv\(conv2Channels)-pool-linear" }
    /// The name.
    public var description: String { name }

    /// The architecture named `text`, or a `UsageError` naming `field` and the allowed values.
    public static func parse(_ text: String, field: String = "architecture") throws -> CNNArchitecture {
        if let hit = known.first(where: { $0.name == text }) { return hit }
        throw UsageError("\(field): unknown architecture '\(text)'; allowed: "
            + known.map(\.name).joined(separator: ", "))
    }
}
