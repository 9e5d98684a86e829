import Foundation
import PopBenchCore
import PopBenchMPI
import Testing

/// `validate-model`'s order line: a prediction that reverses two algorithms whose measured
/// intervals are disjoint is reported; a near-tie whose intervals overlap is not.
@Suite struct ModelValidationOrderTests {
    /// A row as `validate-model --json` writes it (the type has no public initializer).
    func row(_ plugin: String, measured: Double, ci: [Double], profile: Double, inLaunch: Double?) throws -> ModelValidation.Row {
        let launch = inLaunch.map { #", "in_launch_predicted_samples_per_s": \#($0)"# } ?? ""
        let text = #"{"plugin": "\#(plugin)", "n": 2, "trials": 3, "predicted_samples_per_s": \#(profile), "predicted_samples_ci": [0, 0], "#
            + #""measured_samples_per_s": \#(measured), "measured_samples_ci": [\#(ci[0]), \#(ci[1])], "samples_ratio": 1, "#
            + #""predicted_time_to_target": 1, "predicted_time_ci": [1, 1], "measured_time_to_target": 1, "measured_time_ci": [1, 1], "#
            + #""terms": {}, "shares": {}\#(launch)}"#
        return try JSON.decoder().decode(ModelValidation.Row.self, from: Data(text.utf8))
    }

    @Test func reversalsNeedDisjointMeasuredIntervals() throws {
        // a is measured fastest, clear of b and c; the in-launch pricing puts it last. b and c overlap.
        let rows = [try row("a", measured: 10, ci: [9, 11], profile: 20, inLaunch: 4),
                    try row("b", measured: 5, ci: [4, 6], profile: 2, inLaunch: 6),
                    try row("c", measured: 5.5, ci: [4.5, 6.5], profile: 1, inLaunch: 5)]
        let line = try #require(ModelValidation.order(rows).first)
        #expect(line.contains("measured a, c, b; predicted (in-launch) b, c, a"), "\(line)")
        #expect(line.hasSuffix("reversed with disjoint measured CIs: a > b, a > c"), "\(line)")
        // Without an in-launch price on every row the profile's decides: a, b, c, no reversal.
        var partial = rows
        partial[2] = try row("c", measured: 5.5, ci: [4.5, 6.5], profile: 1, inLaunch: nil)
        let profile = try #require(ModelValidation.order(partial).first)
        #expect(profile.contains("predicted (profile) a, b, c") && profile.hasSuffix("none"), "\(profile)")
    }
}
