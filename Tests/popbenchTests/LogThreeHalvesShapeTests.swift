import Foundation
import Testing
import PopBenchCore
import PopBenchPlot
import PopBenchProtocols
import PopBenchTestSupport

/// The [BKKP20] row of the seed's table (Ben-Nun, Kopelowitz, Kraus, Porat, PODC 2020: exact
/// majority, O(log n) states, O(log^{3/2} n) parallel time). Its rules could not be read, so no
/// protocol is shipped under its name; what exists is its claimed law as the protocol-only shape
/// `log(x)^1.5` and its claim row. These tests check the shape against closed forms and the
/// least-squares machinery, end to end through a protocol file that predicts it.
@Suite struct LogThreeHalvesShapeTests {
    func report(_ stdout: String) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(stdout.utf8)) as? [String: Any])
    }

    /// f(x) = ln(x)^1.5 at points where it is an integer: ln(e^4)^1.5 = 8, ln(e^9)^1.5 = 27; the
    /// raw value parses back; the report formula is in the plot grammar and evaluates to the
    /// same law; the shape competes only where predicted (not in `standard`).
    @Test("log(x)^1.5: closed form, raw value, formula, not a standard competitor")
    func shapeClosedForm() throws {
        let shape = try #require(FitShape(rawValue: "log(x)^1.5"))
        #expect(shape == .log1_5)
        #expect(abs(shape.f(exp(4)) - 8) < 1e-12)
        #expect(abs(shape.f(exp(9)) - 27) < 1e-12)
        #expect(shape.formula == "a*log(x)^1.5+b")
        #expect(!FitShape.standard.contains(shape))
        let curve = try PlotExpression("2*log(x)^1.5+3")
        for x in [10.0, 1e3, 1e6, 1e9] {
            #expect(abs(curve(x) - (2 * shape.f(x) + 3)) < 1e-12 * curve(x))
        }
    }

    /// Synthetic times y = a f(n) + b at n = 10^3 ... 10^7 (9 sizes, 6 trials each, a
    /// deterministic +-1% multiplicative pattern as noise): the AICc ranking over the standard
    /// shapes plus log^1.5 puts the generating law first and recovers a within its CI, for data
    /// made from log^1.5 and, as a control, from log^2 and log (so the shape is told apart from
    /// its neighbours at the sizes the README's measurements use).
    @Test("AICc ranking recovers log^1.5 data and tells it from log and log^2")
    func rankingRecoversTheLaw() throws {
        let sizes = stride(from: 3.0, through: 7.0, by: 0.5).map { Foundation.pow(10, $0) }
        let pattern = [1.01, 0.99, 1.005, 0.995, 1.0, 1.0]
        let shapes = FitShape.standard + [.log1_5]
        for truth in [FitShape.log1_5, .log2, .log] {
            var x: [Double] = [], y: [Double] = []
            for n in sizes {
                for m in pattern { x.append(n); y.append((1.7 * truth.f(n) + 4) * m) }
            }
            let ranked = Statistics.rankShapesByAICc(x: x, y: y, shapes: shapes)
            let best = try #require(ranked.first)
            #expect(best.fit.shape == truth, "data from \(truth.rawValue) ranked \(ranked.map(\.fit.shape.rawValue))")
            if truth == .log1_5 {
                #expect(best.fit.aInterval.low <= 1.7 && 1.7 <= best.fit.aInterval.high, "a CI \(best.fit.aInterval)")
            }
        }
    }

    /// The claim row: majority, O(log n) states, O(log^{3/2} n) time with the shape log(x)^1.5,
    /// exact; implemented by the in-house `block-majority` at its default B with reconstructed
    /// rules, and no plugin registered under the name `bkkp20` (no stand-in under the paper's name).
    @Test("the [BKKP20] claim row carries the claimed law and names its reconstructed stand-in")
    func claimRow() throws {
        let row = try #require(ProtocolClaims.all.first { $0.row == "[BKKP20]" })
        #expect(row.task == "majority")
        #expect(row.states == "O(log n)" && row.time == "O(log^{3/2} n)")
        #expect(row.shape == .log1_5)
        #expect(row.exact)
        #expect(row.plugin == "block-majority" && row.parameters.isEmpty && row.rules == .reconstructed)
        #expect(row.paper.contains("2011.12633") && row.missing == nil)
        #expect(row.implementedBy.contains("reconstructed"))
        #expect(!ProtocolFamily.protocols.contains { $0.descriptor.name == "bkkp20" })
    }

    /// End to end: a protocol file that predicts `bound: log(x)^1.5` is accepted, and `protocol`
    /// fits that law as the predicted one beside the standard competitors (the 3-state
    /// approximate majority at gap 0.1, three sizes, a few trials: the check is on the fit rows'
    /// shape set, not on which law wins).
    @Test("a protocol file may predict log(x)^1.5 and the fit reports it as the predicted law")
    func protocolFilePredictsTheShape() throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        let file = cli.directory.appendingPathComponent("am3-log15.yaml")
        try """
        name: am3-log15
        task: majority
        summary: 3-state approximate majority with a log^1.5 bound, to exercise the shape
        reference: Angluin, Aspnes, Eisenstat 2008
        bound: log(x)^1.5
        states: [A, B, U]
        outputs: {A: A, B: B, U: undecided}
        initial:
          A: majority
          B: minority
        rules:
          - A, B -> A, U
          - B, A -> B, U
          - A, U -> A, A
          - B, U -> B, B
        convergence: stable
        """.write(to: file, atomically: true, encoding: .utf8)
        let r = try cli.run(["protocol", file.path, "--n", "1e3,1e4,1e5", "--trials", "4", "--gap", "0.1",
                             "--seed", "1", "--json", "--no-plots"])
        #expect(r.status == 0, "\(r.stderr)")
        let fits = try #require(try report(r.stdout)["fits"] as? [[String: Any]])
        let fit = try #require(fits.first { ($0["metric"] as? String) == "time" })
        #expect(fit["shape"] as? String == "a*log(x)^1.5+b")
        #expect(fit["predicted"] as? Bool == true)
        let ranking = try #require(fit["ranking"] as? [[String: Any]])
        let ranked = Set(ranking.compactMap { $0["shape"] as? String })
        #expect(ranked == Set((FitShape.standard + [.log1_5]).map(\.formula)))
    }
}
