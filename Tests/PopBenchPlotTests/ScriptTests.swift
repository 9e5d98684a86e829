import Foundation
import PopBenchPlot
import Testing

@Suite("gnuplot script")
struct ScriptTests {
    let writer = PlotWriter(render: nil)

    @Test("terminal, output and data file are set by the script, by bare names")
    func terminalAndOutput() throws {
        let script = try writer.contents(of: Fixtures.sampleFigure()).script
        #expect(script.contains("set terminal svg size 800,560 dynamic enhanced font 'Helvetica,14'"))
        #expect(script.contains("set output 'sample.svg'"))
        #expect(script.contains("set output 'sample.png'"))
        #expect(script.contains("set terminal pngcairo"))
        #expect(script.contains("data = 'sample.dat'"))
        #expect(script.contains("if (!exists(\"fmt\")) fmt = 'svg'"))
        #expect(!script.contains("\ncd "))
        #expect(!script.contains("'/"), "no absolute paths: the script runs from its own directory")
    }

    @Test("title and axis labels are printed literally")
    func labels() throws {
        let script = try writer.contents(of: Fixtures.sampleFigure()).script
        #expect(script.contains(
            "set title 'mean estimation: time to target vs n (20 trials, 95% CI)' noenhanced"))
        #expect(script.contains("set xlabel 'population size n' noenhanced"))
        #expect(script.contains("set ylabel 'parallel time (interactions / n)' noenhanced"))
    }

    @Test("quotes, backquotes and newlines in labels cannot break out of the string")
    func quoting() throws {
        var figure = Fixtures.sampleFigure()
        figure.title = "it's `rm -rf` \"x\"\nsecond line"
        let script = try writer.contents(of: figure).script
        #expect(script.contains("set title 'it''s `rm -rf` \"x\"'.\"\\n\".'second line' noenhanced"))
    }

    @Test("a title line too long for the figure is broken at spaces; short lines and long words stay whole")
    func longTitlesWrap() throws {
        var figure = Fixtures.sampleFigure()
        let long = "F3: CNN on digits, 32 nodes: mean node test accuracy vs simulated wall clock (Aries)"
        figure.title = long + "\n3 trials per curve"
        let script = try writer.contents(of: figure).script
        #expect(script.contains("set title 'F3: CNN on digits, 32 nodes: mean node test accuracy vs'"
                                + ".\"\\n\".'simulated wall clock (Aries)'.\"\\n\".'3 trials per curve' noenhanced"), "\(script)")
        let word = String(repeating: "x", count: 100)
        figure.title = word
        #expect(try writer.contents(of: figure).script.contains("set title '\(word)' noenhanced"))
    }

    @Test("log scales follow the figure", arguments: [(false, false), (true, false), (true, true), (false, true)])
    func logScales(logX: Bool, logY: Bool) throws {
        var figure = Fixtures.sampleFigure()
        figure.logX = logX
        figure.logY = logY
        let script = try writer.contents(of: figure).script
        #expect(script.contains("set logscale x 10") == logX)
        #expect(script.contains("unset logscale x") == !logX)
        #expect(script.contains("set logscale y 10") == logY)
        #expect(script.contains("unset logscale y") == !logY)
    }

    @Test("a log axis spanning decades gets power-of-ten tick labels")
    func powerOfTenTicks() throws {
        let script = try writer.contents(of: Fixtures.sampleFigure()).script
        #expect(script.contains("set format x '10^{%T}'"))
        #expect(script.contains("set format y '%g'"))
    }

    @Test("a log axis spanning under two decades labels 1, 2 and 5 times each power of ten")
    func shortLogAxisTicks() throws {
        let ns: [Double] = [1_000, 10_000, 100_000]
        let figure = Figure(name: "short", title: "t", xLabel: "n", yLabel: "time", logX: true, logY: true,
                            series: [.points(label: "p", x: ns, y: [23, 95, 640], low: [22, 90, 600], high: [24, 100, 680])])
        let script = try writer.contents(of: figure).script
        #expect(script.contains("set ytics (") && script.contains("20, 50, 100, 200, 500, 1000)"), "\(script)")
        #expect(!script.contains("set xtics (1000, 2000"), "x spans two decades: powers of ten only")
    }

    @Test("axis ranges and key position")
    func rangesAndKey() throws {
        var figure = Fixtures.sampleFigure()
        figure.xRange = AxisRange(min: 4, max: 8192)
        figure.yRange = AxisRange(max: 25)
        figure.key = .bottomRight
        let script = try writer.contents(of: figure).script
        #expect(script.contains("set xrange [4:8192]"))
        #expect(script.contains("set yrange [*:25]"))
        #expect(script.contains("set key inside bottom right"))
        figure.key = .none
        #expect(try writer.contents(of: figure).script.contains("unset key"))
    }

    @Test("the band is a transparent filledcurves in its line's color with no legend entry")
    func bandStyle() throws {
        let elements = Fixtures.plotElements(try writer.contents(of: Fixtures.sampleFigure()).script)
        let band = try #require(elements.first)
        #expect(band.contains("data index 0 using 1:3:4 with filledcurves"))
        #expect(band.contains("notitle"))
        #expect(band.contains("linecolor rgb '\(PlotColor.blue.hex)'"))
        let mean = try #require(elements.first { $0.hasPrefix("data index 0 using 1:2 ") })
        #expect(mean.contains("with lines"))
        #expect(mean.contains("linecolor rgb '\(PlotColor.blue.hex)'"))
        #expect(mean.contains("title 'epidemic (simulated)'"))
        let script = try writer.contents(of: Fixtures.sampleFigure()).script
        #expect(script.contains("set style fill transparent solid"))
    }

    @Test("every series is plotted once from its own index block, bands first")
    func oneElementPerSeries() throws {
        let figure = Fixtures.sampleFigure()
        let elements = Fixtures.plotElements(try writer.contents(of: figure).script)
        #expect(elements.count == figure.series.count + 1)  // + the band's fill
        for index in figure.series.indices {
            #expect(elements.contains { $0.hasPrefix("data index \(index) ") })
        }
        #expect(elements.contains { $0.contains("data index 1 using 1:2:3:4 with yerrorbars") })
        #expect(elements.contains { $0.hasPrefix("data index 3 ") && $0.contains("dashtype") })
        #expect(elements.last?.hasSuffix(", \\") == false)
    }

    @Test("palette colors go to series in order; references are near-black; overrides win")
    func colors() throws {
        var figure = Fixtures.sampleFigure()
        figure.series[2] = figure.series[2].colored(PlotColor(hex: "#d55e00")!)
        let elements = Fixtures.plotElements(try writer.contents(of: figure).script)
        func element(_ index: Int) -> String {
            elements.last { $0.hasPrefix("data index \(index) ") } ?? ""
        }
        #expect(element(1).contains(PlotColor.vermillion.hex))
        #expect(element(2).contains("#D55E00"))
        #expect(element(3).contains(PlotColor.black.hex))
        #expect(PlotColor.palette.count == 7)
        #expect(PlotColor(hex: "red") == nil)
    }

    @Test("writing is deterministic")
    func deterministic() throws {
        let first = try writer.contents(of: Fixtures.sampleFigure())
        let second = try writer.contents(of: Fixtures.sampleFigure())
        #expect(first == second)
    }

    @Test("unsafe names are rejected", arguments: ["", "../x", "a b", ".hidden", "a'b", "x/y"])
    func unsafeNames(name: String) {
        #expect(throws: PlotError.invalidName(name)) {
            try writer.contents(of: Fixtures.sampleFigure(name: name))
        }
    }

    @Test("a figure with nothing to plot still gives a runnable script")
    func emptyFigure() throws {
        let figure = Figure(name: "empty", title: "empty", xLabel: "x", yLabel: "y", logY: true,
                            series: [.line(label: "all negative", x: [1, 2], y: [-1, -2])])
        let contents = try writer.contents(of: figure)
        #expect(contents.script.contains("plot NaN notitle"))
        #expect(contents.notes.count == 2)
    }
}
