import Foundation
import PopBenchPlot
import Testing

@Suite("rendering with gnuplot")
struct RenderTests {
    @Test("write leaves a script and data file, and an image only when gnuplot exists")
    func writeFiles() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let files = try PlotWriter(render: nil).write(Fixtures.sampleFigure(), to: directory)
        #expect(files.script.lastPathComponent == "sample.gp")
        #expect(files.data.lastPathComponent == "sample.dat")
        #expect(files.image == nil)
        #expect(FileManager.default.fileExists(atPath: files.script.path))
        #expect(FileManager.default.fileExists(atPath: files.data.path))
        let rendered = try PlotWriter().write(Fixtures.sampleFigure(), to: directory)
        #expect((rendered.image != nil) == Gnuplot.isAvailable)
    }

    @Test("gnuplot arguments: the format is a separate -e argument, never a shell string")
    func arguments() {
        #expect(Gnuplot.arguments(scriptName: "a.gp", format: .svg) == ["a.gp"])
        #expect(Gnuplot.arguments(scriptName: "a.gp", format: .png) == ["-e", "fmt='png'", "a.gp"])
    }

    @Test("SVG render contains <svg and the title", .enabled(if: Gnuplot.isAvailable))
    func svg() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let files = try PlotWriter().write(Fixtures.sampleFigure(), to: directory)
        let image = try #require(files.image)
        #expect(image.lastPathComponent == "sample.svg")
        let svg = try String(contentsOf: image, encoding: .utf8)
        #expect(svg.contains("<svg"))
        #expect(svg.contains("mean estimation: time to target vs n (20 trials, 95% CI)"))
        #expect(svg.contains("popsgd"))
    }

    @Test("PNG render when asked", .enabled(if: Gnuplot.isAvailable))
    func png() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let files = try PlotWriter(render: nil).write(Fixtures.sampleFigure(), to: directory)
        let image = try Gnuplot.render(script: files.script, format: .png)
        #expect(image.lastPathComponent == "sample.png")
        let bytes = try Data(contentsOf: image)
        #expect(bytes.count > 1000)
        #expect(Array(bytes.prefix(4)) == [0x89, 0x50, 0x4E, 0x47])
        let pdf = try Gnuplot.render(script: files.script, format: .pdf)
        #expect(try Data(contentsOf: pdf).prefix(5) == Data("%PDF-".utf8))
        if let keep = ProcessInfo.processInfo.environment["POPBENCH_PLOT_SAMPLE_DIR"] {
            // Keeps the sample for a human to look at.
            let target = URL(fileURLWithPath: keep)
            _ = try PlotWriter(render: .svg).write(Fixtures.sampleFigure(), to: target)
            _ = try Gnuplot.render(script: target.appendingPathComponent("sample.gp"), format: .png)
        }
    }

    @Test("a gnuplot failure throws an error carrying gnuplot's stderr",
          .enabled(if: Gnuplot.isAvailable))
    func failure() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let script = directory.appendingPathComponent("broken.gp")
        try Data("set terminal svg\nset output 'broken.svg'\nplot 'missing.dat'\n".utf8)
            .write(to: script)
        do {
            _ = try Gnuplot.render(script: script)
            Issue.record("expected a GnuplotError")
        } catch let error as GnuplotError {
            #expect(error.exitStatus != 0)
            #expect(error.stderr.contains("missing.dat"))
            #expect(error.description.contains("missing.dat"))
        }
    }

    @Test("scripts and data for several figures render in one directory",
          .enabled(if: Gnuplot.isAvailable))
    func logLogFigure() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        var figure = Fixtures.sampleFigure(name: "loglog")
        figure.logY = true
        figure.key = .outsideRight
        let files = try PlotWriter().write(figure, to: directory)
        #expect(files.image?.lastPathComponent == "loglog.svg")
    }
}
