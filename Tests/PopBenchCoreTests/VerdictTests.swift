import Foundation
import PopBenchCore
import Testing

/// The verdict sentences and the 100-column text report, built from known rows (a report as
/// `--json` writes it).
@Suite struct VerdictTests {
    static func comparison(_ clock: String, ratio: Double, low: Double, high: Double, p: Double = 1e-6,
                           undefined: String? = nil) -> String {
        """
        {"plugin": "popsgd", "baseline": "sgd", "n": 64, "metric": "time_to_target", "clock": "\(clock)",
         "ratio": \(ratio), "ci_low": \(low), "ci_high": \(high), "ratio_definition": "median(baseline) / median(plugin)",
         "test": "mann-whitney", "p_value": \(p), "effect_size": 0.1, "p_holm": \(p), "quality": "nodes-mean"
         \(undefined.map { ", \"ratio_undefined\": \"\($0)\"" } ?? "")}
        """
    }

    static func report(_ comparisons: [String], headline: String = "node-steps") throws -> Report {
        let text = """
        {"command": "compare", "run_id": "r", "results_dir": "results/r", "rows": [], "fits": [], "reference": [],
         "plots": [], "headline_clock": "\(headline)", "comparisons": [\(comparisons.joined(separator: ","))]}
        """
        return try JSON.decoder().decode(Report.self, from: Data(text.utf8))
    }

    @Test func headlineRatioWithItsIntervalTestAndDisagreeingClocks() throws {
        let r = try Self.report([
            Self.comparison("node-steps", ratio: 35.48, low: 22.39, high: 44.67),
            Self.comparison("grads", ratio: 0.5544, low: 0.3498, high: 0.698),
            Self.comparison("parallel", ratio: 35.48, low: 22.39, high: 44.67),
            Self.comparison("wall", ratio: 33.74, low: 21.27, high: 42.44),
            Self.comparison("bytes", ratio: 0, low: 0, high: 0, undefined: "sgd sends no bytes"),
        ])
        let v = Verdict.sentences(r)
        #expect(v.count == 1)
        #expect(v[0].hasPrefix("popsgd reaches the target 35.5x sooner than sgd at n = 64 in node-steps (95% CI [22.4, 44.7], Mann-Whitney p = 1.0e-06 Holm-adjusted)."))
        #expect(v[0].contains("In wall time 33.7x [21.3, 42.4]."))
        #expect(v[0].contains("Other clocks disagree: in gradient evaluations 0.554x [0.35, 0.698] (slower); in bytes sent no ratio (sgd sends no bytes)."))
        #expect(!v[0].contains("parallel"))
        #expect(!v[0].contains(" 0x"))
    }

    @Test func aSlowerPluginIsLaterAndAnInsignificantOneSaysSo() throws {
        let r = try Self.report([Self.comparison("node-steps", ratio: 0.5, low: 0.25, high: 2, p: 0.3)])
        let v = Verdict.sentences(r)[0]
        #expect(v.hasPrefix("popsgd reaches the target 2x later than sgd at n = 64 in node-steps (95% CI [0.5, 4]"), "\(v)")
        #expect(v.contains("not significant"))
    }

    @Test func meaninglessRatiosAreNamedNotPrinted() throws {
        #expect(RatioMeaning.undefinedReason(plugin: "popsgd", baseline: "sgd", clock: .bytes, pluginMedian: 1e4, baselineMedian: 0)
                == "sgd sends no bytes")
        #expect(RatioMeaning.undefinedReason(plugin: "popsgd", baseline: "sgd", clock: .nodeSteps, pluginMedian: .infinity,
                                             baselineMedian: 300)?.contains("popsgd never reaches the target") == true)
        #expect(RatioMeaning.undefinedReason(plugin: "popsgd", baseline: "sgd", clock: .nodeSteps, pluginMedian: 30,
                                             baselineMedian: 300) == nil)
        let r = try Self.report([Self.comparison("node-steps", ratio: 0, low: 0, high: 0,
                                                 undefined: "popsgd never reaches the target in most trials (median time infinite)")])
        let v = Verdict.sentences(r)[0]
        #expect(v.contains("no ratio, because popsgd never reaches the target"))
        let text = ReportFormatter.text(r)
        #expect(!text.contains("0x") && text.contains("no ratio (1)"))
    }

    @Test func theDefaultTextFitsInHundredColumnsAndOpensWithTheVerdict() throws {
        let r = try Self.report([
            Self.comparison("node-steps", ratio: 35.48, low: 22.39, high: 44.67),
            Self.comparison("wall", ratio: 33.74, low: 21.27, high: 42.44),
            Self.comparison("bytes", ratio: 0, low: 0, high: 0, undefined: "sgd sends no bytes"),
        ])
        let lines = ReportFormatter.text(r).split(separator: "\n").map(String.init)
        #expect(lines[0].hasPrefix("popbench compare:"))
        #expect(lines[1].hasPrefix("popsgd reaches the target 35.5x sooner"))
        for line in lines { #expect(line.count <= ReportFormatter.columns, "\(line)") }
        #expect(ReportFormatter.wrap(String(repeating: "word ", count: 60)).split(separator: "\n").allSatisfy { $0.count <= 100 })
    }
}
