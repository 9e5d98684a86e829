import Foundation
import PopBenchCore

/// Runs the regression suite and compares it with a baseline under docs/design.md's decision rule.
public struct CheckRunner: Sendable {
    public var context: CheckContext
    /// Quick: fewer samples per metric (CI); full: more.
    public var quick: Bool
    public var seed: UInt64
    /// When false, speed regressions only warn (CI machines are shared).
    public var speedFails: Bool
    /// Restricts the suite to metrics whose name contains one of these words.
    public var only: [String]
    /// Called with each metric's name as it starts (progress for people).
    public var onMetric: @Sendable (String) -> Void = { _ in }

    public init(context: CheckContext, quick: Bool, seed: UInt64, speedFails: Bool, only: [String] = []) {
        self.context = context; self.quick = quick; self.seed = seed; self.speedFails = speedFails; self.only = only
    }

    /// The metrics this check runs.
    public var metrics: [CheckMetric] {
        CheckSuite.metrics.filter { m in only.isEmpty || only.contains { m.name.contains($0) } }
    }

    /// Measures every metric of the suite.
    public func measure(arguments: [String]) throws -> CheckSamples {
        var out: [CheckSamples.Metric] = []
        for m in metrics {
            onMetric(m.name)
            let samples = try m.measure(quick ? m.quickSamples : m.fullSamples, seed, context)
            out.append(.init(name: m.name, kind: m.kind, direction: m.direction, tolerance: m.tolerance, unit: m.unit, samples: samples))
        }
        let provenance = CheckSamples.Provenance(popbenchVersion: PopBench.version, gitCommit: Machine.gitCommit(),
                                                 machine: Machine.current(), created: Manifest.timestamp(), seed: seed,
                                                 quick: quick, command: arguments)
        return CheckSamples(provenance: provenance, metrics: out)
    }

    /// Compares `current` with `baseline`. Flagged quality and speed metrics are re-run with twice
    /// the samples and fresh seeds when `rerun` is true, and stay flagged only if the pooled
    /// samples confirm it.
    public func compare(current: CheckSamples, baseline: CheckSamples, rerun: Bool) throws -> [Decision] {
        var decisions: [Decision] = []
        for metric in current.metrics {
            guard let base = baseline.metric(metric.name) else {
                decisions.append(Decision(name: metric.name, kind: metric.kind, baselineMedian: .nan,
                                          currentMedian: Statistics.median(metric.samples), ratio: .nan, ciLow: .nan,
                                          ciHigh: .nan, pValue: .nan, threshold: metric.tolerance, verdict: .missing,
                                          note: "not in the baseline; run popbench check --update"))
                continue
            }
            var d = Decision.decide(baseline: base, current: metric.samples, seed: seed)
            if d.verdict == .regression, metric.kind != .exact {
                if rerun, let m = CheckSuite.metrics.first(where: { $0.name == metric.name }) {
                    onMetric(metric.name + " (re-run)")
                    let more = try m.measure(2 * metric.samples.count, SeedDerivation.subSeed(seed, "check-rerun"), context)
                    let pooled = Decision.decide(baseline: base, current: metric.samples + more, seed: seed)
                    if pooled.verdict != .regression {
                        d = pooled
                        d.note = "flagged, but a re-run with \(more.count) more samples did not confirm it"
                    } else {
                        d = pooled
                        d.note = "confirmed by a re-run with \(more.count) more samples"
                    }
                } else if !rerun {
                    d.note = "not re-run (comparing stored runs)"
                }
            }
            if d.verdict == .regression, metric.kind == .speed, !speedFails {
                d.verdict = .warn
                d.note += (d.note.isEmpty ? "" : "; ") + "speed only warns here"
            }
            decisions.append(d)
        }
        return decisions
    }

    /// 1 when any decision is a regression or a changed exact count, else 0.
    public static func exitCode(_ decisions: [Decision]) -> Int32 {
        decisions.contains { $0.verdict == .regression || $0.verdict == .changed } ? 1 : 0
    }
}

/// The verdict file every check writes, so CI never parses text.
public struct CheckVerdict: Sendable, Codable {
    public var command = "check"
    public var runID: String?
    public var baseline: String
    public var against: String?
    public var quick: Bool
    public var exitCode: Int32
    public var regressions: [String]
    public var warnings: [String]
    public var decisions: [Decision]

    public init(runID: String?, baseline: String, against: String?, quick: Bool, decisions: [Decision]) {
        self.runID = runID; self.baseline = baseline; self.against = against; self.quick = quick
        self.decisions = decisions
        exitCode = CheckRunner.exitCode(decisions)
        regressions = decisions.filter { $0.verdict == .regression || $0.verdict == .changed }.map(\.name)
        warnings = decisions.filter { $0.verdict == .warn }.map(\.name)
    }

    enum CodingKeys: String, CodingKey {
        case command, baseline, against, quick, regressions, warnings, decisions
        case runID = "run_id", exitCode = "exit_code"
    }

    /// One `WARN ...` line per speed regression that `--speed warn` turned into a warning.
    public var warningLines: [String] {
        decisions.filter { $0.verdict == .warn }.map { d in
            "WARN \(d.name): current / baseline = \(ReportFormatter.short(d.ratio)) [\(ReportFormatter.short(d.ciLow)), "
                + "\(ReportFormatter.short(d.ciHigh))], p = \(String(format: "%.3g", d.pValue)) (speed regressions only warn with --speed warn)"
        }
    }

    /// The table people read.
    public var table: String {
        var t = TextTable(["metric", "kind", "baseline", "current", "change [95% CI]", "p", "threshold", "verdict"])
        for d in decisions {
            let change = d.kind == .exact ? (d.verdict == .ok ? "identical" : "differs")
                : "\(percent(d.ratio - 1)) [\(percent(d.ciLow - 1)), \(percent(d.ciHigh - 1))]"
            t.add([d.name, d.kind.rawValue, ReportFormatter.short(d.baselineMedian), ReportFormatter.short(d.currentMedian),
                   change, d.pValue.isNaN ? "" : String(format: "%.3g", d.pValue), percent(d.threshold),
                   d.verdict.rawValue + (d.note.isEmpty ? "" : " (\(d.note))")])
        }
        return t.render()
    }

    private func percent(_ x: Double) -> String {
        x.isFinite ? String(format: "%+.1f%%", 100 * x) : (x.isNaN ? "nan" : (x > 0 ? "+inf" : "-inf"))
    }
}
