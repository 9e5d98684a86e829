#if !PARSER_LIBFUZZER
import Foundation
import PopBenchCore
import PopBenchProtocols

/// The seeded mutation loop: mutates the corpus files for a given time and runs each input
/// through `ParserExercise`. Before each input runs, it is written to `<crashes>/current.yaml`,
/// so an input that kills the process is left on disk to become a regression test; a clean exit
/// removes that file.
///
/// Usage: ProtocolParserFuzzer --seconds S [--seed N] [--crashes DIR] [--grow DIR] CORPUS_DIR...
/// `--grow DIR` saves inputs whose outcome (error message or result shape) was new.
@main
struct MutationFuzzer {
    static func main() throws {
        var args = Array(CommandLine.arguments.dropFirst())
        var seconds = 60.0, seed: UInt64 = 1, crashes = "fuzz/crashes", grow: String?
        var dirs: [String] = []
        while !args.isEmpty {
            let a = args.removeFirst()
            func value() -> String {
                guard !args.isEmpty else { fail("\(a): missing value") }
                return args.removeFirst()
            }
            switch a {
            case "--seconds": guard let s = Double(value()), s > 0, s.isFinite else { fail("--seconds: a positive number") }; seconds = s
            case "--seed": guard let s = UInt64(value()) else { fail("--seed: a whole number >= 0") }; seed = s
            case "--crashes": crashes = value()
            case "--grow": grow = value()
            default: dirs.append(a)
            }
        }
        guard !dirs.isEmpty else { fail("give one or more corpus directories") }
        var corpus: [[UInt8]] = []
        for dir in dirs {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []
            for name in names.sorted() {
                if let d = FileManager.default.contents(atPath: dir + "/" + name) { corpus.append(Array(d)) }
            }
        }
        guard !corpus.isEmpty else { fail("no corpus files in \(dirs.joined(separator: ", "))") }
        try FileManager.default.createDirectory(atPath: crashes, withIntermediateDirectories: true)
        let current = crashes + "/current.yaml"
        let fd = open(current, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { fail("\(current): cannot open for writing") }

        var mutator = Mutator(rng: Xoshiro256(seed: seed))
        var seen = Set<String>()
        for input in corpus { seen.insert(signature(ParserExercise.run(String(decoding: input, as: UTF8.self)))) }
        let start = Date()
        var runs = 0, saved = 0, lastReport = start
        while Date().timeIntervalSince(start) < seconds {
            let base = corpus[mutator.pick(corpus.count)]
            let input = mutator.mutate(base, others: corpus)
            // Leave the input on disk before running it: a trap kills the process.
            _ = ftruncate(fd, 0)
            _ = input.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, 0) }
            let outcome = ParserExercise.run(String(decoding: input, as: UTF8.self))
            runs += 1
            if seen.count < 2000, seen.insert(signature(outcome)).inserted, corpus.count < 500 {
                corpus.append(input)
                if let grow, saved < 100 {
                    saved += 1
                    _ = FileManager.default.createFile(atPath: "\(grow)/found-\(seed)-\(saved).yaml", contents: Data(input))
                }
            }
            if Date().timeIntervalSince(lastReport) >= 30 {
                lastReport = Date()
                print("fuzz: \(runs) inputs, \(seen.count) distinct outcomes, \(Int(lastReport.timeIntervalSince(start))) s")
            }
        }
        close(fd)
        try? FileManager.default.removeItem(atPath: current)
        print("fuzz: done: \(runs) inputs in \(Int(seconds)) s, \(seen.count) distinct outcomes, no crash")
    }

    /// An outcome with positions and numbers removed, so that only new kinds of result count.
    static func signature(_ outcome: String) -> String {
        String(outcome.unicodeScalars.filter { !CharacterSet.decimalDigits.contains($0) }.prefix(60).map(Character.init))
    }

    static func fail(_ message: String) -> Never {
        FileHandle.standardError.write("ProtocolParserFuzzer: \(message)\n".data(using: .utf8)!)
        exit(2)
    }
}
#endif
