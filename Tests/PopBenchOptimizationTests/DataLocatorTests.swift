import Foundation
import Testing
import PopBenchCore
import PopBenchOptimization

/// The one data locator every task uses (search order, the error that says where it looked) and
/// the reader of numeric tables, on files written to a temporary directory.
@Suite struct DataLocatorTests {
    /// A fresh temporary directory.
    func temporaryDirectory() throws -> URL {
        let dir = FileManager.default.temporaryDirectory
            .appendingPathComponent("popbench-data-\(UInt32.random(in: 0...UInt32.max))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    func message(_ body: () throws -> Void) -> String? {
        do { try body() } catch let e as UsageError { return e.message } catch { return "\(error)" }
        return nil
    }

    @Test func missingFileSaysWhereItLooked() {
        let m = message { _ = try DataLocator.locate("no-such-file.csv.gz") }
        #expect(m?.hasPrefix("missing data file no-such-file.csv.gz") == true)
        #expect(m?.contains("POPBENCH_DATA") == true)
    }

    @Test func searchOrderIsEnvironmentThenWorkingDirectoryThenAboveTheExecutable() throws {
        let fm = FileManager.default
        let root = try temporaryDirectory()
        defer { try? fm.removeItem(at: root) }
        let env = root.appendingPathComponent("env"), cwd = root.appendingPathComponent("cwd")
        let exe = root.appendingPathComponent("tree/.build/release/popbench")
        for dir in [env, cwd.appendingPathComponent("data"), root.appendingPathComponent("tree/data"),
                    exe.deletingLastPathComponent()] {
            try fm.createDirectory(at: dir, withIntermediateDirectories: true)
        }
        let name = "x.csv"
        for dir in [env, cwd.appendingPathComponent("data"), root.appendingPathComponent("tree/data")] {
            try Data(dir.path.utf8).write(to: dir.appendingPathComponent(name))
        }
        func found(_ environment: [String: String]) throws -> String {
            try DataLocator.locate(name, environment: environment, currentDirectory: cwd.path, executable: exe)
                .deletingLastPathComponent().path
        }
        #expect(try found(["POPBENCH_DATA": env.path]) == env.path)
        #expect(try found([:]) == cwd.appendingPathComponent("data").path)
        #expect(try found(["POPBENCH_DATA": ""]) == cwd.appendingPathComponent("data").path)
        try fm.removeItem(at: cwd.appendingPathComponent("data").appendingPathComponent(name))
        #expect(try found([:]) == root.appendingPathComponent("tree/data").path)
        try fm.removeItem(at: root.appendingPathComponent("tree/data").appendingPathComponent(name))
        #expect(message { _ = try found(["POPBENCH_DATA": root.appendingPathComponent("none").path]) }?
            .hasPrefix("missing data file x.csv") == true)
    }

    @Test func searchDirectoriesWalkUpToTheRoot() {
        let dirs = DataLocator.searchDirectories(environment: [:], currentDirectory: "/w",
                                                 executable: URL(fileURLWithPath: "/a/b/popbench"))
        #expect(dirs.map(\.path) == ["/w/data", "/a/b/data", "/a/data", "/data"])
    }

    @Test func shippedTablesAreFoundAndRead() throws {
        // The breast cancer data: 569 samples, 30 features and a label, after a header line.
        let rows = try DataFileReader.readNumbers("breast_cancer.csv", skipFirstLine: true)
        #expect(rows.count == 569)
        #expect(rows.allSatisfy { $0.count == 31 })
    }

    @Test func numbersAreSplitOnCommasAndBlanksAndBadFieldsNameTheLine() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let good = dir.appendingPathComponent("good.csv")
        try Data("a,b\n1,2.5\n\n-3 4e2\t5\n".utf8).write(to: good)
        #expect(try DataFileReader.readNumbers(at: good, skipFirstLine: true) == [[1, 2.5], [-3, 400, 5]])
        let bad = dir.appendingPathComponent("bad.csv")
        try Data("1,2\n3,x\n".utf8).write(to: bad)
        #expect(message { _ = try DataFileReader.readNumbers(at: bad) } == "\(bad.path):2: 'x' is not a number")
    }
}
