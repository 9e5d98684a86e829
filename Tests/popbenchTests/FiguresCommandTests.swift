import Foundation
import Testing
import PopBenchTestSupport

@Suite struct FiguresCommandTests {
    /// `popbench figures --quick` writes F1...F8 (script, data, SVG, caption), F8's table and the index.
    @Test func quickFiguresWriteEveryArtifact() throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        let r = try cli.run(["figures", "--quick", "--out", "figs"])
        #expect(r.status == 0, "\(r.stderr)")
        let files = Set(cli.entries("figs"))
        for id in ["F1", "F2", "F3", "F4", "F4b", "F5", "F6", "F7", "F8"] {
            for ext in ["gp", "dat", "caption.txt"] { #expect(files.contains("\(id).\(ext)"), "missing \(id).\(ext)") }
            if FileManager.default.isExecutableFile(atPath: "/usr/bin/gnuplot") {
                #expect(files.contains("\(id).svg"), "missing \(id).svg")
            }
        }
        let index = String(decoding: try cli.read("figs/README.md"), as: UTF8.self)
        // F8's generated table: every row of the seed's table, implemented or marked as not.
        let table = String(decoding: try cli.read("figs/F8.table.md"), as: UTF8.self)
        #expect(index.contains("(F8.table.md)"))
        for row in ["`em4`", "`avc`", "`cancel-split`", "`le-fast`", "[AAG18]", "[BKKP20]", "Split-Join [AAEGR17]", "[BGK20]"] {
            #expect(table.contains(row), "F8.table.md lacks \(row)")
        }
        #expect(!table.contains("exact protocol erred"))
        #expect(index.contains("![F5](F5.svg)") || !FileManager.default.isExecutableFile(atPath: "/usr/bin/gnuplot"))
        // Captions carry numbers with intervals, e.g. "12.3 [10.1, 14.2]".
        let caption = String(decoding: try cli.read("figs/F2.caption.txt"), as: UTF8.self)
        #expect(caption.contains("a = ") && caption.contains("["))
        // Fitted curves and CI bands are in the scripts.
        #expect(String(decoding: try cli.read("figs/F5.gp"), as: UTF8.self).contains("fit"))
        #expect(String(decoding: try cli.read("figs/F1.gp"), as: UTF8.self).contains("filledcurves"))
    }

    @Test func unknownFigureIsAUsageError() throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        let r = try cli.run(["figures", "--only", "F9"])
        #expect(r.status == 2 && r.stderr.contains("F1, F2"))
    }
}
