import Foundation
import Testing
import PopBenchCore
import PopBenchTestSupport

@Suite struct RunnerTests {
    func spec(trials: Int = 12, sizes: [Int] = [4, 8]) throws -> ExperimentSpec {
        let request = ExperimentBuilder.Request(plugins: ["toy-decay"], task: "toy", sizes: sizes)
        let (cells, _) = try ExperimentBuilder(registry: toyRegistry).cells(for: request)
        return ExperimentSpec(command: "test", experiment: "toy", cells: cells, trials: trials, masterSeed: 99)
    }

    func tempRoot() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("popbench-tests-\(UUID().uuidString)")
    }

    @Test func trialsFileIsByteIdenticalForOneAndTwoJobs() throws {
        let root = tempRoot()
        defer { try? FileManager.default.removeItem(at: root) }
        let s = try spec()
        let one = RunSession(registry: toyRegistry, resultsRoot: root, jobs: 1, showProgress: false)
        let two = RunSession(registry: toyRegistry, resultsRoot: root, jobs: 2, showProgress: false)
        let (a, ra) = try one.start(s, arguments: [], runID: "jobs1", force: false)
        let (b, rb) = try two.start(s, arguments: [], runID: "jobs2", force: false)
        #expect(ra.count == 24 && ra == rb)
        #expect(try Data(contentsOf: a.trialsURL) == Data(contentsOf: b.trialsURL))
    }

    @Test func resumeAfterInterruptionGivesTheSameSummary() throws {
        let root = tempRoot()
        defer { try? FileManager.default.removeItem(at: root) }
        let s = try spec()
        let session = RunSession(registry: toyRegistry, resultsRoot: root, jobs: 2, showProgress: false)
        let (full, fullRecords) = try session.start(s, arguments: [], runID: "full", force: false)

        // Simulate a run killed part way: a manifest, 7 finished trials in completion order
        // (not canonical), and a torn last line.
        let (cut, _) = try session.start(s, arguments: [], runID: "cut", force: false)
        let lines = try String(contentsOf: full.trialsURL, encoding: .utf8).split(separator: "\n")
        let kept = [lines[5], lines[0], lines[13], lines[2], lines[20], lines[1], lines[9]]
        try (kept.joined(separator: "\n") + "\n" + lines[3].prefix(40)).write(to: cut.trialsURL, atomically: true, encoding: .utf8)

        let (resumed, resumedRecords) = try session.resume(runID: "cut")
        #expect(resumedRecords == fullRecords)
        #expect(try Data(contentsOf: resumed.trialsURL) == Data(contentsOf: full.trialsURL))
        let analyzer = Analyzer(registry: toyRegistry, spec: s)
        let a = try analyzer.analyze(fullRecords, runID: "x", resultsDir: "", plotsDir: nil)
        let b = try analyzer.analyze(resumedRecords, runID: "x", resultsDir: "", plotsDir: nil)
        #expect(ReportFormatter.csv(a.report) == ReportFormatter.csv(b.report))
    }

    @Test func existingRunIsNotOverwrittenWithoutForce() throws {
        let root = tempRoot()
        defer { try? FileManager.default.removeItem(at: root) }
        let session = RunSession(registry: toyRegistry, resultsRoot: root, jobs: 1, showProgress: false)
        let (store, _) = try session.start(try spec(trials: 2), arguments: [], runID: "once", force: false)
        let before = try Data(contentsOf: store.trialsURL)
        #expect(throws: UsageError.self) { try session.start(try spec(trials: 3), arguments: [], runID: "once", force: false) }
        #expect(try Data(contentsOf: store.trialsURL) == before)
        _ = try session.start(try spec(trials: 3), arguments: [], runID: "once", force: true)
        #expect(try store.readRecords().count == 6)
    }

    @Test func badRequestsAreRejectedWithTheFieldNamed() throws {
        let builder = ExperimentBuilder(registry: toyRegistry)
        func message(_ r: ExperimentBuilder.Request) -> String {
            do { _ = try builder.cells(for: r); return "" } catch { return "\(error)" }
        }
        #expect(message(.init(plugins: ["nosuch"], task: nil, sizes: [4])).contains("known: toy-decay, toy-wait"))
        #expect(message(.init(plugins: ["toy-decay"], task: nil, sizes: [1])).hasPrefix("--n:"))
        #expect(message(.init(plugins: ["toy-decay"], task: "nosuch", sizes: [4])).hasPrefix("--task:"))
        #expect(message(.init(plugins: ["toy-decay"], task: nil, sizes: [4], overrides: ["rate": "2"])).hasPrefix("--rate:"))
        #expect(message(.init(plugins: ["toy-decay"], task: nil, sizes: [4], overrides: ["bogus": "2"])).hasPrefix("--bogus: unknown option"))
        #expect(message(.init(plugins: ["toy-decay"], task: nil, sizes: [4], budget: -1)).hasPrefix("--budget:"))
        #expect(throws: UsageError.self) { try NumberList.sizes("abc") }
        #expect(throws: UsageError.self) { try NumberList.sizes("0,4") }
        #expect(try NumberList.sizes("2..16") == [2, 4, 8, 16])
        #expect(try NumberList.sizes("1e3,1e6") == [1000, 1_000_000])
        #expect(try NumberList.sizes("10..30+10") == [10, 20, 30])
    }
}
