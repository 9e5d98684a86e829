import Foundation

/// Facts about popbench itself.
public enum PopBench {
    /// The version written into manifests and `--version`.
    public static let version = "0.1.0"
}
