import Foundation
import Testing
import PopBenchCore
import PopBenchTestSupport

@Suite struct AnalyzerTests {
    @Test func settlingIgnoresLuckyDips() {
        // Dips below 1 at index 1, comes back, then settles from index 4 on.
        let values = [5.0, 0.5, 3.0, 2.0, 0.9, 0.8, 0.7]
        #expect(TimeToTarget.settlingIndex(values, target: 1, direction: .lowerIsBetter) == 4)
        #expect(TimeToTarget.settlingIndex([5, 4, 3], target: 1, direction: .lowerIsBetter) == nil)
        #expect(TimeToTarget.settlingIndex([0.5, 0.7, 0.9], target: 0.6, direction: .higherIsBetter) == 1)
    }

    @Test func protocolReportHasExactReferenceAndFit() throws {
        let request = ExperimentBuilder.Request(plugins: ["toy-wait"], task: nil, sizes: [10, 100, 1000, 10000])
        let (cells, task) = try ExperimentBuilder(registry: toyRegistry).cells(for: request)
        let spec = ExperimentSpec(command: "test", experiment: task.name, cells: cells, trials: 400, masterSeed: 5, keepSeries: false)
        let records = try Runner(registry: toyRegistry, jobs: 2).run(spec)
        let report = try Analyzer(registry: toyRegistry, spec: spec).analyze(records, runID: "r", resultsDir: "", plotsDir: nil).report
        #expect(report.reference.count == 4)
        // Exponential(mean n): the 99% CI of the mean covers n in each cell (fixed seed).
        #expect(report.reference.allSatisfy { $0.withinCI99 })
        let fit = try #require(report.fits.first)
        #expect(fit.predicted && fit.shape == "a*x+b")
        #expect(abs(fit.a - 1) < 0.15)
        #expect(fit.bestShape == "a*x+b")
    }

    @Test func reportRoundTripsThroughJSON() throws {
        let request = ExperimentBuilder.Request(plugins: ["toy-decay"], task: "toy", sizes: [4])
        let (cells, _) = try ExperimentBuilder(registry: toyRegistry).cells(for: request)
        let spec = ExperimentSpec(command: "test", experiment: "toy", cells: cells, trials: 5, masterSeed: 1)
        let records = try Runner(registry: toyRegistry, jobs: 1).run(spec)
        let report = try Analyzer(registry: toyRegistry, spec: spec).analyze(records, runID: "r", resultsDir: "d", plotsDir: nil).report
        let data = try JSON.prettyEncoder().encode(report)
        let object = try JSONSerialization.jsonObject(with: data) as! [String: Any]
        for key in ["command", "run_id", "results_dir", "rows", "comparisons", "fits", "reference"] {
            #expect(object[key] != nil, "missing key \(key)")
        }
        let back = try JSON.decoder().decode(Report.self, from: data)
        #expect(back.rows == report.rows)
        // ToyDecay's error falls as 0.81^t, so it settles below 0.05 at t = 15 in every trial.
        let ttt = try #require(report.rows.first { $0.metric == "time_to_target" && $0.clock == "parallel" })
        #expect(ttt.successes == 5 && ttt.median == 15)
    }
}
