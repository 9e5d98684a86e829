import Foundation
import Testing
import PopBenchCore
import PopBenchTestSupport

/// docs/json-format.md: every `--json` object and every stored `report.json` carries
/// `schema_version` beside its keys, and a reader that does not know a key ignores it.
@Suite struct JSONSchemaTests {
    private func object(_ text: String) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test func everyJSONOutputCarriesTheSchemaVersion() throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        let list = try cli.run(["list", "--json"])
        #expect(list.status == 0)
        #expect(try object(list.stdout)["schema_version"] as? Int == JSON.schemaVersion)
        #expect(try object(list.stdout)["plugins"] is [Any])

        let compare = try cli.run(["compare", "--algos", "sgd,popsgd", "--task", "mean", "--nodes", "8",
                                   "--trials", "2", "--no-plots", "--json"])
        #expect(compare.status == 0, "\(compare.stderr)")
        let printed = try object(compare.stdout)
        #expect(printed["schema_version"] as? Int == JSON.schemaVersion)
        #expect(printed["rows"] is [Any])
        let dir = try #require(printed["results_dir"] as? String)
        let base = dir.hasPrefix("/") ? URL(fileURLWithPath: dir) : cli.directory.appendingPathComponent(dir)
        let stored = try String(contentsOfFile: base.appendingPathComponent("report.json").path, encoding: .utf8)
        #expect(try object(stored)["schema_version"] as? Int == JSON.schemaVersion)
        // The stored report still reads back as a `Report` (readers ignore the added key).
        let report = try JSON.decoder().decode(Report.self, from: Data(stored.utf8))
        #expect(report.rows.count == (printed["rows"] as? [Any])?.count)
    }
}
