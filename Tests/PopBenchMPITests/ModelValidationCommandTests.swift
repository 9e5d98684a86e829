import Foundation
import Testing
import PopBenchTestSupport

/// `calibrate` then `validate-model` on real MPI ranks: the profile round-trips through its file,
/// and each algorithm's simulated run is priced by the communication pattern its MPI
/// implementation calls, as measured on that many ranks (PSGD by the all-reduce, PopSGD by the
/// publish + one-sided Get), each event costing the call measured right after a step at the
/// task's model size. No throughput is asserted
/// against the model (the machine is shared); only that both sides measured something positive
/// and finite.
@Suite(.serialized, .tags(.mpi, .slow)) struct ModelValidationCommandTests {
    init() {
        setenv("POPBENCH_MPI_TIMEOUT", "300", 0)
    }

    func json(_ text: String) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    /// The `latency` and `bandwidth` of `plugin`'s cell in the run in `directory` (its manifest's
    /// resolved config).
    func pricing(_ directory: String, plugin: String) throws -> (latency: Double, bandwidth: Double) {
        let manifest = try json(String(decoding: try Data(contentsOf: URL(fileURLWithPath: directory + "/manifest.json")), as: UTF8.self))
        let cells = try #require((manifest["spec"] as? [String: Any])?["cells"] as? [[String: Any]])
        let cell = try #require(cells.first { $0["plugin"] as? String == plugin })
        let values = try #require((cell["config"] as? [String: Any])?["values"] as? [String: Any])
        return (try #require(values["latency"] as? Double), try #require(values["bandwidth"] as? Double))
    }

    @Test func validateModelPricesEachAlgorithmByItsOperation() throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        let cal = try cli.run(["calibrate", "--ranks", "2", "--tasks", "linreg", "--quick", "--out", "profile.json", "--json"])
        #expect(cal.status == 0, "\(cal.stderr)")
        let profile = try json(String(decoding: try cli.read("profile.json"), as: UTF8.self))
        let pingPong = try #require((profile["ping_pong"] as? [String: Any])?["latency"] as? Double)
        #expect((profile["one_sided_get"] as? [String: Any])?["latency"] is Double, "the profile holds the one-sided Get fit")
        #expect(profile["latency"] as? Double == max(pingPong, 0), "the top-level latency is the ping-pong fit's (a fit below 0 is clamped)")
        let compute = try #require(profile["compute"] as? [[String: Any]])
        #expect(compute.count == 1 && compute[0]["task"] as? String == "linreg" && (compute[0]["seconds"] as? Double ?? 0) > 0)
        let deployments = try #require(profile["deployments"] as? [[String: Any]])
        #expect(deployments.map { $0["ranks"] as? Int } == [2])
        let patterns = try #require(deployments[0]["patterns"] as? [String: [String: Any]])
        #expect(Set(patterns.keys) == ["allreduce", "exchange", "ring-shifts", "publish-get"])
        let busy = try #require((deployments[0]["compute"] as? [[String: Any]])?.first)
        let waits = try #require(busy["waits"] as? [String: Double])
        #expect(waits.values.allSatisfy { $0 >= 0 && $0.isFinite } && waits.count == 4)
        let calls = try #require(busy["calls"] as? [String: Double])
        #expect(calls.values.allSatisfy { $0 > 0 && $0.isFinite } && calls.count == 4)
        #expect(calls.allSatisfy { $0.value >= waits[$0.key] ?? .infinity }, "a call's wait is part of it")
        let bytes = 8 * Double(try #require(busy["dimension"] as? Int))
        /// What one event of `plugin`'s cell costs at the model's size under the cost model the
        /// run was given: at two ranks the ring all-reduce's 2(n-1) = 2 latencies and 2((n-1)/n)
        /// M / b = M / b (psgd), or one publish + Get, a + M / b (popsgd).
        func event(_ directory: String, plugin: String) throws -> Double {
            let p = try pricing(directory, plugin: plugin)
            return (plugin == "psgd" ? 2 : 1) * p.latency + bytes / p.bandwidth
        }
        /// Agreement to rounding (the overrides pass through decimal strings).
        func same(_ a: Double, _ b: Double) -> Bool { abs(a - b) <= 1e-12 * max(abs(b), 1e-6) }

        let r = try cli.run(["validate-model", "--profile", "profile.json", "--algos", "psgd,popsgd", "--ranks", "2",
                             "--trials", "2", "--budget", "200", "--run-id", "v", "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        let out = try json(r.stdout)
        let rows = try #require(out["rows"] as? [[String: Any]])
        #expect(rows.map { $0["plugin"] as? String } == ["psgd", "popsgd"])
        #expect(rows.map { $0["pattern"] as? String } == ["allreduce", "publish-get"])
        for row in rows {
            for key in ["predicted_samples_per_s", "measured_samples_per_s", "in_launch_predicted_samples_per_s", "call_drift"] {
                let v = row[key] as? Double ?? .nan
                #expect(v > 0 && v.isFinite, "\(row["plugin"] ?? "?") \(key) = \(v)")
            }
        }
        let order = try #require(out["order"] as? [String])
        #expect(order.count == 1 && order[0].hasPrefix("order at n = 2") && order[0].contains("reversed with disjoint measured CIs"), "\(order)")
        let dirs = try #require(out["results"] as? [String])
        #expect(dirs.count == 3 && dirs[0].hasSuffix("v-sim") && dirs[1].hasSuffix("v-mpi") && dirs[2].hasSuffix("v-sim-in-launch"),
                "\(dirs)")
        // Each event costs the call measured at the model's size (however the pattern's fit
        // splits it into latency and bandwidth).
        #expect(same(try event(dirs[0], plugin: "psgd"), try #require(calls["allreduce"])))
        #expect(same(try event(dirs[0], plugin: "popsgd"), try #require(calls["publish-get"])))
        // The in-launch pricing: the call each launch timed, carried by every real trial's record.
        let trials = try String(decoding: Data(contentsOf: URL(fileURLWithPath: dirs[1] + "/trials.jsonl")), as: UTF8.self)
            .split(separator: "\n").map { try json(String($0)) }
        func launchCall(_ plugin: String) throws -> Double {
            let calls = trials.filter { $0["plugin"] as? String == plugin }
                .compactMap { ($0["outcomes"] as? [String: Any])?["probe-call"] as? Double }
            #expect(calls.count == 2 && Set(calls).count == 1, "one probe per launch, in each of its trials: \(calls)")
            return try #require(calls.first)
        }
        #expect(same(try event(dirs[2], plugin: "psgd"), try launchCall("psgd")))
        #expect(same(try event(dirs[2], plugin: "popsgd"), try launchCall("popsgd")))

        // Ranks that were not calibrated are refused before any run starts.
        let four = try cli.run(["validate-model", "--profile", "profile.json", "--algos", "psgd", "--ranks", "4",
                                "--trials", "2", "--budget", "200", "--run-id", "w"])
        #expect(four.status == 2 && four.stderr.contains("--ranks: 4 ranks were not calibrated"), "\(four.stderr)")
    }
}
