import Foundation
import PopBenchPlot

/// Shared fixtures for the PopBenchPlot tests.
enum Fixtures {
    /// A figure with one series of every kind, like a paper's time-versus-n figure.
    static func sampleFigure(name: String = "sample") -> Figure {
        let ns: [Double] = [8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096]
        let mean = ns.map { 2.1 * log($0) + 0.3 }
        let points = ns.map { 1.4 * log($0) + 1.1 + 0.3 * sin($0) }
        return Figure(
            name: name,
            title: "mean estimation: time to target vs n (20 trials, 95% CI)",
            xLabel: "population size n",
            yLabel: Figure.axisLabel(for: .parallel),
            logX: true,
            series: [
                .band(label: "epidemic (simulated)", x: ns, mean: mean,
                      low: mean.map { $0 * 0.9 }, high: mean.map { $0 * 1.1 }),
                .points(label: "popsgd", x: ns, y: points,
                        low: points.map { $0 - 0.6 }, high: points.map { $0 + 0.6 }),
                .fit(label: "fit 1.4 log(n) + 1.1", shape: .log, a: 1.4, b: 1.1,
                     xMin: 8, xMax: 4096),
                .reference(label: "exact expectation", x: ns, y: ns.map { 2 * log($0) }),
                .horizontal(label: "sequential SGD", y: 5, xMin: 8, xMax: 4096),
            ])
    }

    /// A fresh empty directory under the system temporary directory.
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("popbench-plot-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// The numeric rows of each `index` block of a gnuplot data file (comments skipped).
    static func parseBlocks(_ text: String) -> [[[Double]]] {
        text.components(separatedBy: "\n\n\n").map { block in
            block.split(separator: "\n")
                .filter { !$0.hasPrefix("#") && !$0.trimmingCharacters(in: .whitespaces).isEmpty }
                .map { line in line.split(separator: " ").map { Double(String($0)) ?? .nan } }
        }
    }

    /// The lines of the script's `plot` command (after `plot \`).
    static func plotElements(_ script: String) -> [String] {
        let lines = script.components(separatedBy: "\n")
        guard let start = lines.firstIndex(of: "plot \\") else { return [] }
        return lines[(start + 1)...].prefix { $0.hasPrefix("    ") }
            .map { $0.trimmingCharacters(in: .whitespaces) }
    }
}
