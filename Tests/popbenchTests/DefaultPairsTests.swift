import Foundation
import Testing
import PopBenchTestSupport

/// The defaults work for every algorithm x task pair `popbench list` declares: each runs with
/// only `--trials 1` and a small budget, and exits 0.
@Suite struct DefaultPairsTests {
    struct Entry: Decodable { var name: String; var family: String; var tasks: [String] }
    struct Listing: Decodable { var plugins: [Entry] }

    @Test func everyDeclaredPairRunsWithItsDefaults() throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        let list = try cli.run(["list", "--json"])
        #expect(list.status == 0)
        let listing = try JSONDecoder().decode(Listing.self, from: Data(list.stdout.utf8))
        var pairs = 0
        for entry in listing.plugins {
            for task in entry.tasks {
                // A small budget: a few units of parallel time (protocols stop at convergence anyway).
                let r = try cli.run(["compare", "--algos", entry.name, "--task", task, "--trials", "1",
                                     "--budget", "2", "--no-plots", "--jobs", "1", "--run-id", "\(entry.name)-\(task)"])
                #expect(r.status == 0, "compare --algos \(entry.name) --task \(task): \(r.stderr)")
                pairs += 1
            }
        }
        #expect(pairs >= 30, "only \(pairs) pairs declared")
    }
}
