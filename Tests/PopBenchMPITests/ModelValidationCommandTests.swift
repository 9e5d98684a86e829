import Foundation
import Testing
import PopBenchTestSupport

/// `calibrate` then `validate-model` on real MPI ranks: the profile round-trips through its file,
/// and each algorithm's simulated run is priced by the operation its MPI implementation uses
/// (PopSGD's lock/Get/unlock epochs by the one-sided Get fit, two-sided messages by the
/// ping-pong fit). No throughput is asserted against the model (the machine is shared); only
/// that both sides measured something positive and finite.
@Suite(.serialized, .tags(.mpi, .slow)) struct ModelValidationCommandTests {
    init() {
        setenv("POPBENCH_MPI_TIMEOUT", "300", 0)
    }

    func json(_ text: String) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    /// The `latency` of the first cell of the run in `directory` (its manifest's resolved config).
    func latency(_ directory: String) throws -> Double {
        let manifest = try json(String(decoding: try Data(contentsOf: URL(fileURLWithPath: directory + "/manifest.json")), as: UTF8.self))
        let cells = try #require((manifest["spec"] as? [String: Any])?["cells"] as? [[String: Any]])
        let values = try #require((cells.first?["config"] as? [String: Any])?["values"] as? [String: Any])
        return try #require(values["latency"] as? Double)
    }

    @Test func validateModelPricesEachAlgorithmByItsOperation() throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        let cal = try cli.run(["calibrate", "--ranks", "2", "--tasks", "linreg", "--out", "profile.json", "--json"])
        #expect(cal.status == 0, "\(cal.stderr)")
        let profile = try json(String(decoding: try cli.read("profile.json"), as: UTF8.self))
        let pingPong = try #require((profile["ping_pong"] as? [String: Any])?["latency"] as? Double)
        let get = try #require((profile["one_sided_get"] as? [String: Any])?["latency"] as? Double)
        #expect(profile["latency"] as? Double == max(pingPong, 0), "the top-level latency is the ping-pong fit's (a fit below 0 is clamped)")
        let compute = try #require(profile["compute"] as? [[String: Any]])
        #expect(compute.count == 1 && compute[0]["task"] as? String == "linreg" && (compute[0]["seconds"] as? Double ?? 0) > 0)

        let r = try cli.run(["validate-model", "--profile", "profile.json", "--algos", "psgd,popsgd", "--ranks", "2",
                             "--trials", "2", "--budget", "200", "--run-id", "v", "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        let out = try json(r.stdout)
        let rows = try #require(out["rows"] as? [[String: Any]])
        #expect(rows.map { $0["plugin"] as? String } == ["psgd", "popsgd"])
        for row in rows {
            for key in ["predicted_samples_per_s", "measured_samples_per_s"] {
                let v = row[key] as? Double ?? .nan
                #expect(v > 0 && v.isFinite, "\(row["plugin"] ?? "?") \(key) = \(v)")
            }
        }
        let dirs = try #require(out["results"] as? [String])
        #expect(dirs.count == 4 && dirs[2].hasSuffix("v-rma-sim"), "\(dirs)")
        #expect(try latency(dirs[0]) == max(pingPong, 0))
        #expect(try latency(dirs[2]) == max(get, 0))
    }
}
