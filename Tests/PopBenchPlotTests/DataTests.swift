import Foundation
import PopBenchPlot
import Testing

@Suite("data file")
struct DataTests {
    let writer = PlotWriter(render: nil)

    @Test("one block per series, with header comments naming the columns")
    func blocks() throws {
        let figure = Fixtures.sampleFigure()
        let data = try writer.contents(of: figure).data
        let blocks = Fixtures.parseBlocks(data)
        #expect(blocks.count == figure.series.count)
        for index in figure.series.indices { #expect(data.contains("# index \(index): ")) }
        #expect(data.contains("# index 0: band \"epidemic (simulated)\""))
        #expect(data.contains("# columns: x mean low high"))
        #expect(data.contains("# columns: x y low high"))
        #expect(data.contains("# columns: x y"))
        #expect(blocks[0].allSatisfy { $0.count == 4 })
        #expect(blocks[1].allSatisfy { $0.count == 4 })
        #expect(blocks[3].allSatisfy { $0.count == 2 })
    }

    @Test("values written are read back")
    func roundTrip() throws {
        let x: [Double] = [1, 2.5, 1e-7, 123456.789, 6.02e23, -3]
        let mean: [Double] = [0.1, 1.0 / 3.0, 2e-300, 42, 7.125, 1e10]
        let low = mean.map { $0 - 0.5 }, high = mean.map { $0 + Double.pi }
        let y: [Double] = [9, 8, 7, 6, 5, 4]
        let figure = Figure(name: "roundtrip", title: "t", xLabel: "x", yLabel: "y", series: [
            .band(label: "b", x: x, mean: mean, low: low, high: high),
            .line(label: "l", x: x, y: y, dashed: true),
        ])
        let blocks = Fixtures.parseBlocks(try writer.contents(of: figure).data)
        // The band is written in x order.
        let order = x.indices.sorted { x[$0] < x[$1] }
        let expectedBand = order.map { [x[$0], mean[$0], low[$0], high[$0]] }
        let expectedLine = x.indices.map { [x[$0], y[$0]] }
        for (got, want) in zip(blocks[0] + blocks[1], expectedBand + expectedLine) {
            #expect(got.count == want.count)
            for (g, w) in zip(got, want) {
                #expect(abs(g - w) <= 1e-9 * max(abs(w), 1e-300), "\(g) vs \(w)")
            }
        }
        #expect(blocks[0].count == x.count && blocks[1].count == x.count)
    }

    @Test("numbers are %.10g")
    func numberFormat() {
        #expect(PlotNumber.format(1.0 / 3.0) == "0.3333333333")
        #expect(PlotNumber.format(6.02e23) == "6.02e+23")
        #expect(PlotNumber.format(42) == "42")
        #expect(PlotNumber.format(.nan) == "NaN")
        #expect(PlotNumber.format(-.infinity) == "NaN")
    }

    @Test("NaN and infinite values are dropped with a note")
    func nonFinite() throws {
        let figure = Figure(name: "nan", title: "t", xLabel: "x", yLabel: "y", series: [
            .points(label: "p", x: [1, 2, 3, 4], y: [1, .nan, 3, .infinity],
                    low: [0, 0, 0, 0], high: [2, 2, 4, 5]),
        ])
        let contents = try writer.contents(of: figure)
        #expect(Fixtures.parseBlocks(contents.data)[0] == [[1, 1, 0, 2], [3, 3, 0, 4]])
        #expect(contents.notes.count == 1)
        #expect(contents.notes[0].contains("dropped 2 of 4"))
        #expect(contents.data.contains("# note: "))
    }

    @Test("log axes drop non-positive points with a note")
    func logAxesDropNonPositive() throws {
        let figure = Figure(name: "log", title: "t", xLabel: "x", yLabel: "y",
                            logX: true, logY: true, series: [
            .band(label: "b", x: [0, 1, 2, 3], mean: [1, 1, 1, 1],
                  low: [0.5, 0.5, -0.1, 0.5], high: [2, 2, 2, 2]),
        ])
        let contents = try writer.contents(of: figure)
        #expect(Fixtures.parseBlocks(contents.data)[0] == [[1, 1, 0.5, 2], [3, 1, 0.5, 2]])
        #expect(contents.notes.contains { $0.contains("x <= 0") })
        #expect(contents.notes.contains { $0.contains("log y axis") })
    }

    @Test("an empty series keeps its block so later indices stay aligned")
    func emptySeriesKeepsIndex() throws {
        let figure = Figure(name: "gap", title: "t", xLabel: "x", yLabel: "y", logY: true,
                            series: [.line(label: "gone", x: [1], y: [-1]),
                                     .line(label: "kept", x: [1, 2], y: [3, 4])])
        let contents = try writer.contents(of: figure)
        let blocks = Fixtures.parseBlocks(contents.data)
        #expect(blocks.count == 2)
        #expect(blocks[1] == [[1, 3], [2, 4]])
        let elements = Fixtures.plotElements(contents.script)
        #expect(elements.count == 1)
        #expect(elements[0].hasPrefix("data index 1 "))
    }

    @Test("arrays of different lengths are rejected")
    func mismatchedLengths() {
        let figure = Figure(name: "bad", title: "t", xLabel: "x", yLabel: "y",
                            series: [.line(label: "l", x: [1, 2], y: [1])])
        #expect(throws: PlotError.mismatchedLengths(series: "l", counts: [2, 1])) {
            try writer.contents(of: figure)
        }
    }

    @Test("a function is sampled into its block, log-spaced on a log x axis")
    func functionSampling() throws {
        let figure = Figure(name: "fn", title: "t", xLabel: "x", yLabel: "y", logX: true, series: [
            .function(label: "fit", expression: "2.1*log(x)+0.3", xMin: 1, xMax: 1e6),
        ])
        let contents = try writer.contents(of: figure)
        let rows = Fixtures.parseBlocks(contents.data)[0]
        #expect(rows.count == 200)
        #expect(rows.first?[0] == 1 && rows.last?[0] == 1e6)
        #expect(abs(rows[100][0] / rows[99][0] - rows[1][0] / rows[0][0]) < 1e-6)
        for row in rows { #expect(abs(row[1] - (2.1 * log(row[0]) + 0.3)) < 1e-8 * max(1, abs(row[1]))) }
        #expect(contents.data.contains("# function: y = 2.1*log(x)+0.3 on [1, 1000000]"))
    }

    @Test("expressions: the grammar, FitShape formulas, and rejection of anything else")
    func expressions() throws {
        #expect(try PlotExpression("2.1*log(x)+0.3")(10) == 2.1 * log(10) + 0.3)
        #expect(try PlotExpression("-x^2")(3) == -9)
        #expect(try PlotExpression("2**3**2")(0) == 512)
        #expect(try PlotExpression("1e-3*x*log(x) + sqrt(x)/2")(4) == 1e-3 * 4 * log(4) + 1)
        #expect(try PlotExpression("(1.5)*(log(x)^2)+(-0.25)")(exp(2)) == 5.75)
        for bad in ["system('ls')", "x +", "log x", "y*2", "2x)", "`ls`", "x; set output"] {
            #expect(throws: PlotError.self) { try PlotExpression(bad) }
        }
        let bad = Figure(name: "f", title: "t", xLabel: "x", yLabel: "y",
                         series: [.function(label: "f", expression: "exec(1)", xMin: 0, xMax: 1)])
        #expect(throws: PlotError.self) { try writer.contents(of: bad) }
        let badRange = Figure(name: "f", title: "t", xLabel: "x", yLabel: "y", logX: true,
                              series: [.function(label: "f", expression: "x", xMin: 0, xMax: 1)])
        #expect(throws: PlotError.invalidFunctionRange(series: "f", xMin: 0, xMax: 1)) {
            try writer.contents(of: badRange)
        }
    }
}
