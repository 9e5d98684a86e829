import Foundation
import PopBenchCore
import PopBenchProtocols
import Testing

/// Population sizes above 2^63 (what `n` stores): `--engine tau` runs them as real numbers for a
/// protocol whose rules do not depend on n, and every other plugin or engine refuses them
/// before any trial runs.
@Suite struct RealSizeTests {
    /// Runs `trials` trials of catalog plugin `name` at the real size `size` through the study.
    func runReal(_ name: String, size: Double, params: [String: String], trials: Int) throws -> [TrialRecord] {
        let plugin = catalogPlugin(name)
        let study = Study(registry: Registry([PluginCatalog(plugins: [plugin], tasks: ProtocolTasks.all)]))
        var request = StudyRequest(command: "tests", experiment: "tests", plugins: [name], task: "majority",
                                   sizes: [], overrides: params, trials: trials, seed: 7, keepSeries: false)
        request.realSizes = [size]
        return try study.run(try study.plan(request))
    }

    /// am3 at n = 6.02 x 10^23 (default 1% margin) through the harness: every trial converges
    /// to the majority at a parallel time that continues the O(log n) law (between ln n and
    /// 5 ln n, as the engine-level test bounds it), and the records carry the real size, which
    /// the JSON lines show as a number, beside n = Int.max.
    @Test func am3AtAvogadro() throws {
        let size = 6.02e23
        let recs = try runReal("am3", size: size, params: ["engine": "tau"], trials: 3)
        #expect(recs.count == 3)
        for r in recs {
            let time = r.outcomes[OutcomeName.time]!
            #expect(r.status == .ok && r.outcomes[OutcomeName.correct] == 1)
            #expect(r.size == size && r.n == Int.max)
            #expect(time > Foundation.log(size) && time < 5 * Foundation.log(size))
            #expect(abs(r.outcomes[OutcomeName.interactions]! / size / time - 1) < 1e-12)
        }
        #expect(Set(recs.map(\.seed)).count == 3)
        let line = String(decoding: try JSON.lineEncoder().encode(recs[0]), as: UTF8.self)
        #expect(line.contains("\"size\":"))
        let back = try JSON.decoder().decode(TrialRecord.self, from: Data(line.utf8))
        #expect(back.size == size)
    }

    /// Refused with a UsageError naming --n: am3 on an exact engine (default auto), and a
    /// protocol whose table is built for each n (avc) even with --engine tau.
    @Test func refusedWhereNoEngineRunsIt() {
        for (name, params) in [("am3", [String: String]()), ("am3", ["engine": "batch"]), ("avc", ["engine": "tau"])] {
            #expect(throws: UsageError.self, "\(name) \(params)") {
                _ = try runReal(name, size: 6.02e23, params: params, trials: 1)
            }
        }
    }

    /// The list parser keeps single sizes from 2^63 to 1e24 apart as real sizes and refuses
    /// larger ones; ordinary sizes come back as before.
    @Test func parsesRealSizes() throws {
        let (whole, real) = try NumberList.sizesAndRealSizes("1e3,6.02e23,2..8")
        #expect(whole == [1000, 2, 4, 8] && real == [6.02e23])
        #expect(try NumberList.sizesAndRealSizes("6.02e23").sizes.isEmpty)
        #expect(throws: UsageError.self) { try NumberList.sizesAndRealSizes("1e25") }
    }

    /// An ordinary size has no real size, so its record and seed are what they always were.
    @Test func ordinarySizeUnchanged() throws {
        let recs = try runTrials(catalogPlugin("am3"), task: "majority", n: 1000, params: ["engine": "tau"], trials: 2, master: 3)
        for r in recs {
            #expect(r.size == nil)
            let line = String(decoding: try JSON.lineEncoder().encode(r), as: UTF8.self)
            #expect(!line.contains("\"size\""))
        }
    }
}
