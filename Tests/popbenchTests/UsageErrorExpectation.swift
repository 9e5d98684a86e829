import Foundation
import PopBenchTestSupport
import Testing

/// Runs `popbench args` in a scratch directory and expects bad input handled: exit code 2, a
/// one-line error on stderr that contains `mentions`, and nothing written under results/ or plots/.
func expectUsageError(_ args: [String], mentions: String) throws {
    let cli = try CLIRunner()
    defer { cli.cleanUp() }
    let r = try cli.run(args)
    #expect(r.status == 2, "\(args): status \(r.status), stderr \(r.stderr)")
    #expect(r.stderr.contains(mentions), "\(args): \(r.stderr)")
    #expect(r.stderr.trimmingCharacters(in: .newlines).split(separator: "\n").count == 1, "not one line: \(r.stderr)")
    #expect(cli.entries("results").isEmpty && cli.entries("plots").isEmpty, "something was written for \(args)")
}
