import Foundation
import Testing
import PopBenchCore
import PopBenchOptimization

extension URL {
    /// Writes `text` to this file and returns the URL.
    func cnnWriting(_ text: String) throws -> URL { try Data(text.utf8).write(to: self); return self }
}

/// The shipped digits, the stratified split, the shards, and every bad-input path of the task.
@Suite struct CNNDataTests {
    func tempFile(_ name: String, _ contents: Data) throws -> URL {
        let dir = FileManager.default.temporaryDirectory
            .appendingPathComponent("popbench-cnn-\(UInt32.random(in: 0...UInt32.max))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let url = dir.appendingPathComponent(name)
        try contents.write(to: url)
        return url
    }

    func message(_ body: () throws -> Void) -> String? {
        do { try body() } catch let e as UsageError { return e.message } catch { return "\(error)" }
        return nil
    }

    @Test func shippedDataLoads() throws {
        let data = try DigitsDataset.loadDefault()
        #expect(data.count == 1797)
        #expect(data.images.count == 1797 * 64)
        #expect(data.images.allSatisfy { $0 >= 0 && $0 <= 1 })
        #expect(data.images.contains(1))
        #expect(Set(data.labels) == Set((0...9).map(Int32.init)))
    }

    @Test func splitIsStratifiedDisjointAndSeeded() throws {
        let data = try DigitsDataset.loadDefault()
        let s = DigitsSplit(dataset: data, seed: 1)
        #expect(s.train.count == 1437 && s.test.count == 360)
        #expect(Set(s.train + s.test).count == 1797)
        for c in 0..<10 {
            let total = data.labels.filter { $0 == c }.count
            let inTest = s.test.filter { data.labels[Int($0)] == c }.count
            #expect(Swift.abs(Double(inTest) - Double(total) * 360 / 1797) < 1)
        }
        #expect(DigitsSplit(dataset: data, seed: 1).test == s.test)
        #expect(DigitsSplit(dataset: data, seed: 2).test != s.test)
    }

    @Test func shardsIidAndNonIid() throws {
        let data = try DigitsDataset.loadDefault()
        let s = DigitsSplit(dataset: data, seed: 3)
        let iid = DigitsShards(split: s, labels: data.labels, count: 8, mode: .iid, seed: 4)
        #expect(Set(iid.nodes.flatMap { $0 }) == Set(s.train))
        #expect(iid.nodes.map(\.count).max()! - iid.smallest <= 1)
        #expect(iid.nodes.allSatisfy { node in Set(node.map { data.labels[Int($0)] }).count == 10 })
        let non = DigitsShards(split: s, labels: data.labels, count: 8, mode: .nonIID, seed: 4)
        #expect(Set(non.nodes.flatMap { $0 }) == Set(s.train))
        #expect(non.nodes.allSatisfy { node in Set(node.map { data.labels[Int($0)] }).count <= 3 })
    }

    @Test func malformedFileNamesFileLineAndExpectation() throws {
        let good = (0..<64).map { _ in "3" }.joined(separator: ",") + ",7"
        let short = (0..<63).map { _ in "3" }.joined(separator: ",") + ",7"
        let url = try tempFile("bad.csv", Data((good + "\n" + good + "\n" + short + "\n").utf8))
        let m = message { _ = try DigitsDataset.load(from: url) }
        #expect(m?.contains("\(url.path):3:") == true, "\(m ?? "no error")")
        #expect(m?.contains("expected 65") == true)

        let badPixel = "0,0,0,0,17" + String(repeating: ",0", count: 59) + ",1"
        let url2 = try tempFile("bad2.csv", Data((good + "\n" + badPixel + "\n").utf8))
        let m2 = message { _ = try DigitsDataset.load(from: url2) }
        #expect(m2?.contains("\(url2.path):2:5: expected an integer pixel 0...16, found '17'") == true, "\(m2 ?? "no error")")

        let badLabel = String(repeating: "0,", count: 64) + "x"
        let url3 = try tempFile("bad3.csv", Data((badLabel + "\n").utf8))
        let m3 = message { _ = try DigitsDataset.load(from: url3) }
        #expect(m3?.contains(":1:65: expected a label 0...9") == true, "\(m3 ?? "no error")")

        let tiny = try DigitsDataset.load(from: url2.deletingLastPathComponent().appendingPathComponent("tiny.csv").cnnWriting(good + "\n" + good))
        let m5 = message { _ = try CNNProblem(dataset: tiny, nodes: 1, shardMode: .iid, batchSize: 1, seed: 1) }
        #expect(m5?.hasSuffix("tiny.csv: expected more than 360 images (the test set holds 360), found 2") == true, "\(m5 ?? "no error")")

        let notGzip = try tempFile("digits.csv.gz", Data("plain text".utf8))
        let m4 = message { _ = try DigitsDataset.load(from: notGzip) }
        #expect(m4?.contains(notGzip.path) == true && m4?.contains("expected a gzip") == true, "\(m4 ?? "no error")")
    }

    @Test func badTaskParametersAreUsageErrors() throws {
        let zero = message { _ = try CNNProblem(nodes: 4, batchSize: 0, seed: 1) }
        #expect(zero?.hasPrefix("batch: 0 is out of range") == true, "\(zero ?? "no error")")
        // 1437 training samples over 32 nodes: the smallest iid shard has 44.
        let big = message { _ = try CNNProblem(nodes: 32, batchSize: 45, seed: 1) }
        #expect(big?.contains("batch: 45 is larger than the smallest node shard (44 samples") == true, "\(big ?? "no error")")
        #expect(message { _ = try CNNProblem(nodes: 32, batchSize: 44, seed: 1) } == nil)
        let arch = message { _ = try CNNProblem(architecture: "resnet18", nodes: 1, batchSize: 1, seed: 1) }
        #expect(arch == "architecture: unknown architecture 'resnet18'; allowed: conv16-conv32-pool-linear, conv8-conv16-pool-linear, conv32-conv64-pool-linear")
        let split = message { _ = try CNNProblem(nodes: 2, split: "dirichlet", batchSize: 1, seed: 1) }
        #expect(split == "split: unknown value 'dirichlet'; allowed: iid, non-iid")
    }

    @Test func problemFromATaskConfiguration() throws {
        var config = try Configuration(specs: CNNProblem.parameterSpecs, overrides: ["batch": "16", "split": "non-iid"])
        let p = try CNNProblem(config: config, nodes: 10)
        #expect(p.batchSize == 16 && p.nodeCount == 10 && p.parameterCount == 9_930)
        #expect(p.flopsPerStep == 16 * 1_837_056)
        config["batch"] = .int(500)
        let m = message { _ = try CNNProblem(config: config, nodes: 10) }
        #expect(m?.hasPrefix("batch: 500 is larger than the smallest node shard") == true, "\(m ?? "no error")")
    }
}
