import Foundation
import PopBenchCore

/// What `--resume` accepts: the run's configuration comes from its manifest, so options that
/// would change it are refused (naming them) instead of being silently ignored, and a run is
/// finished only by the command that made it.
enum ResumeCheck {
    /// Options that define a run: given with `--resume`, they would be ignored.
    static let conflicting = ["--algos", "--task", "--n", "--nodes", "--trials", "--seed", "--target", "--budget",
                              "--run-id", "--force", "--reference"]

    /// Throws when an option that defines the run was typed next to `--resume`.
    static func refuseConflicts(_ options: ExperimentOptions, arguments: [String] = CommandLine.arguments) throws {
        let typed = conflicting.filter { CommandLineWords.given($0, in: arguments) }
        if let first = typed.first {
            throw UsageError("\(first): cannot be combined with --resume (the run's settings come from its manifest); drop \(typed.joined(separator: ", "))")
        }
        if !options.parameters.isEmpty {
            throw UsageError("\(options.parameters[0]): cannot be combined with --resume (the run's parameters come from its manifest)")
        }
    }
}

/// Which long options were typed on the command line (the parsed values cannot tell a default
/// from a typed value).
enum CommandLineWords {
    /// True when `option` (e.g. `--clock`) appears as a word or as `--clock=value`.
    static func given(_ option: String, in arguments: [String] = CommandLine.arguments) -> Bool {
        arguments.dropFirst().contains { $0 == option || $0.hasPrefix(option + "=") }
    }
}
