import Foundation
import PopBenchPlot
import Testing

/// Figures read without guessing: ticks at the n values run, log y ranges fitted to the data,
/// and bands clipped to what the metric can take.
@Suite struct PlotDefectTests {
    let writer = PlotWriter(render: nil)

    func figure(x: [Double], mean: [Double], low: [Double], high: [Double], withFit: Bool = true) -> Figure {
        let points = Figure.Series.points(label: "a", x: x, y: mean, low: low, high: high)
        let fit = Figure.Series.fit(label: "fit", shape: .log, a: 1, b: 1, xMin: x.min()!, xMax: x.max()!)
        return Figure(name: "t", title: "t", xLabel: "n", yLabel: "time", logX: true, logY: true,
                      series: withFit ? [points, fit] : [points])
    }

    @Test func ticksSitAtTheSizesRun() throws {
        let f = figure(x: [16, 32, 64], mean: [10, 20, 40], low: [9, 18, 36], high: [11, 22, 44])
        let script = try writer.contents(of: f).script
        #expect(script.contains("set xtics ('16' 16, '32' 32, '64' 64)"), "\(script)")
    }

    @Test func manyOrFractionalXGetAutomaticTicks() throws {
        let x = (1...40).map { Double($0) * 1.5 }
        let f = figure(x: x, mean: x, low: x, high: x)
        // No labelled tick per data point (the nice 1-2-5 ticks of a short log axis are fine).
        #expect(!(try writer.contents(of: f).script.contains("set xtics ('")))
    }

    /// One decade of central values with a near-zero interval end: the axis spans about two
    /// decades (one beyond the centers at most), not the 7 decades down to the end.
    @Test func logYRangeIsFittedToTheData() throws {
        let f = figure(x: [2, 4, 8], mean: [10, 30, 100], low: [1e-6, 20, 90], high: [12, 40, 120], withFit: false)
        let script = try writer.contents(of: f).script
        let line = try #require(script.split(separator: "\n").first { $0.hasPrefix("set yrange [") })
        let bounds = line.dropFirst("set yrange [".count).dropLast().split(separator: ":").compactMap { Double($0) }
        #expect(bounds.count == 2)
        #expect(bounds[0] > 0.5 && bounds[0] <= 1.0, "\(line)")  // 10 / 10 / 1.15
        #expect(bounds[1] >= 120 && bounds[1] < 200, "\(line)")
    }

    @Test func bandsAreClippedToTheValueRange() throws {
        var f = Figure(name: "acc", title: "acc", xLabel: "t", yLabel: "accuracy",
                       series: [.band(label: "a", x: [1, 2, 3], mean: [0.5, 0.9, 0.99], low: [0.3, 0.8, 0.95], high: [0.7, 1.02, 1.05])])
        f.valueRange = AxisRange(min: 0, max: 1)
        let data = try writer.contents(of: f).data
        let rows = Fixtures.parseBlocks(data)[0]
        #expect(rows.map { $0[3] } == [0.7, 1, 1], "\(rows)")
        #expect(rows.allSatisfy { $0.dropFirst().allSatisfy { $0 >= 0 && $0 <= 1 } })
    }
}
