import Foundation
import Testing
import PopBenchCore
import PopBenchSuite

/// Every metric of the committed baseline, with the sample count it really has, must be able to
/// reach "regression": the current run is the baseline itself, and the baseline is tampered to
/// look 3 times better (speed: 1000 times), in each metric's own direction.
@Suite struct CheckCanFailTests {
    static let baselineURL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("results/baseline.json")

    /// The baseline with `metric` made `factor` times better than the current run.
    static func tampered(_ samples: CheckSamples, metric name: String, factor: Double) -> CheckSamples {
        var out = samples
        for i in out.metrics.indices where out.metrics[i].name == name {
            let better = out.metrics[i].direction == .lowerIsBetter ? 1 / factor : factor
            out.metrics[i].samples = out.metrics[i].samples.map { $0 * better }
        }
        return out
    }

    static func decisions(_ kind: CheckKind, speedFails: Bool) throws -> [(String, [Decision])] {
        let current = try CheckSamples.load(baselineURL)
        let runner = CheckRunner(context: CheckContext(registry: Registry([]), jobs: 1), quick: true, seed: 1,
                                 speedFails: speedFails)
        return try current.metrics.filter { $0.kind == kind }.map { m in
            let base = tampered(current, metric: m.name, factor: kind == .speed ? 1000 : 3)
            return (m.name, try runner.compare(current: current, baseline: base, rerun: false))
        }
    }

    @Test func everyQualityMetricRegressesAtThreeTimes() throws {
        let all = try Self.decisions(.quality, speedFails: true)
        #expect(!all.isEmpty)
        for (name, decisions) in all {
            #expect(CheckRunner.exitCode(decisions) == 1, "\(name): \(decisions.first { $0.name == name }.map { "\($0.verdict) p = \($0.pValue)" } ?? "")")
            #expect(decisions.filter { $0.name != name }.allSatisfy { $0.verdict == .ok })
        }
    }

    @Test func everyExactMetricIsChangedAtThreeTimes() throws {
        let all = try Self.decisions(.exact, speedFails: true)
        #expect(!all.isEmpty)
        for (name, decisions) in all { #expect(CheckRunner.exitCode(decisions) == 1, "\(name)") }
    }

    /// Speed: exit 1 with `--speed fail`; with `--speed warn` exit 0, a WARN line and the
    /// metric listed under `warnings` in the verdict.
    @Test func everySpeedMetricFailsOrWarnsAtAThousandTimes() throws {
        let failing = try Self.decisions(.speed, speedFails: true)
        #expect(!failing.isEmpty)
        for (name, decisions) in failing { #expect(CheckRunner.exitCode(decisions) == 1, "\(name)") }
        for (name, decisions) in try Self.decisions(.speed, speedFails: false) {
            let verdict = CheckVerdict(runID: "t", baseline: "b", against: nil, quick: true, decisions: decisions)
            #expect(verdict.exitCode == 0)
            #expect(verdict.warnings == [name])
            #expect(verdict.warningLines.count == 1 && verdict.warningLines[0].hasPrefix("WARN \(name)"))
        }
    }
}
