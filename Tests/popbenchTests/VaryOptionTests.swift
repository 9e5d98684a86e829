import Foundation
import Testing
import PopBenchTestSupport

/// `--vary NAME=LIST` on compare and sweep: one run per value, one JSON object with the time
/// against the parameter and its fits; bad lists are usage errors before any work.
@Suite struct VaryOptionTests {
    @Test func compareVariesTheGap() throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        let r = try cli.run(["compare", "--algos", "em4", "--task", "majority", "--n", "500", "--trials", "4",
                             "--vary", "gap=0.05,0.1,0.2,0.4", "--json", "--no-plots"])
        #expect(r.status == 0, "\(r.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
        let vary = try #require(object?["vary"] as? [String: Any])
        #expect(vary["parameter"] as? String == "gap")
        #expect((vary["values"] as? [Double]) == [0.05, 0.1, 0.2, 0.4])
        let reports = try #require(vary["reports"] as? [[String: Any]])
        #expect(reports.count == 4)
        let fits = try #require(vary["fits"] as? [[String: Any]])
        #expect(fits.count == 1 && fits[0]["plugin"] as? String == "em4" && (fits[0]["ranking"] as? [String])?.count == 8)
        // Larger gaps converge faster: the mean time at gap 0.05 exceeds the one at 0.4.
        func meanTime(_ report: [String: Any]) -> Double {
            ((report["rows"] as? [[String: Any]])?.first { $0["metric"] as? String == "time" }?["mean"] as? Double) ?? .nan
        }
        #expect(meanTime(reports[0]) > meanTime(reports[3]))
        #expect(cli.entries("results").count == 4)
    }

    @Test(arguments: [
        (["--vary", "gap=0.1"], "--vary"),
        (["--vary", "gap=0.1,x"], "--vary"),
        (["--vary", "gap=0.1,2"], "--gap"),
        (["--vary", "gap=0.1,0.2", "--gap", "0.1"], "--vary"),
        (["--vary", "frob=1,2"], "--frob"),
    ])
    func badListsAreUsageErrors(extra: [String], mentions: String) throws {
        try expectUsageError(["compare", "--algos", "em4", "--task", "majority", "--n", "100", "--no-plots"] + extra, mentions: mentions)
    }
}
