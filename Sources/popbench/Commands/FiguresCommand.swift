import ArgumentParser
import Foundation
import PopBenchCore
import PopBenchSuite

/// `popbench figures`: regenerate the declared paper figures.
struct FiguresCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "figures",
        abstract: "Regenerate the paper figures F1...F8 (script, data, SVG, caption) and their index.",
        discussion: FigureSet.all.map { "\($0.id): \($0.summary)" }.joined(separator: "\n"))

    @Flag(help: "Fewer trials, shorter runs, smaller n (stated in each caption); all figures in minutes.") var quick = false
    @Option(help: "Only these figures, comma-separated (e.g. F3,F5).") var only: String?
    @Option(help: "Output directory.") var out: String = "plots/figures"
    @Option(help: "Master seed.") var seed: UInt64 = 1
    @Option(help: "Worker threads (default: number of cores).") var jobs: Int?
    @Flag(help: "Overwrite figures already in the output directory.") var force = false

    func validate() throws {
        if let j = jobs, j < 1 { throw ValidationError("--jobs: \(j) is not allowed; allowed: a whole number >= 1") }
    }

    func run() throws {
        let figures = try FigureSet.select(only?.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } ?? [])
        let context = FigureContext(registry: CLI.registry, quick: quick, seed: seed, jobs: jobs) { line in
            FileHandle.standardError.write("figures: \(line)\n".data(using: .utf8)!)
        }
        let dir = URL(fileURLWithPath: out)
        try FigureSet.checkWritable(figures, to: dir, force: force)
        let (written, failures) = try FigureSet.write(figures, context: context, to: dir)
        for w in written {
            print("\(w.id)  \(w.images.joined(separator: ", "))  (\(String(format: "%.1f", w.seconds)) s)")
        }
        print("index: \(dir.appendingPathComponent("README.md").path)")
        if !failures.isEmpty {
            for f in failures { FileHandle.standardError.write("popbench: error: \(f)\n".data(using: .utf8)!) }
            throw ExitCode(1)
        }
    }
}
