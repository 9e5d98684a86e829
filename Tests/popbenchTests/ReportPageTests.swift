import Foundation
import Testing
import PopBenchTestSupport

/// What a researcher reads: the verdict under the header, tables within 100 columns, and the
/// run's HTML page, rebuilt by `popbench report` and loaded in a real (headless) browser.
@Suite struct ReportPageTests {
    /// A small compare: the first stdout line under the header is the verdict, no comparison
    /// prints `0x` (SGD sends no bytes: the bytes ratio is named, not a number), and every line
    /// of the default report fits in 100 columns; `--wide` shows the raw p-values.
    @Test func verdictFirstNoZeroRatioAndHundredColumns() throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        let args = ["compare", "--algos", "sgd,popsgd", "--task", "mean", "--nodes", "8", "--trials", "4", "--no-plots"]
        let r = try cli.run(args + ["--run-id", "narrow"])
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines[0].hasPrefix("popbench compare: sgd, popsgd on mean at n = 8"))
        #expect(lines[1].hasPrefix("popsgd reaches the target"), "\(lines[1])")
        // The verdict is wrapped to the terminal width: read it as one line.
        #expect(r.stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ").contains("no ratio (sgd sends no bytes)"))
        #expect(!r.stdout.contains(" 0x") && !r.stdout.contains("inf x"))
        for line in lines { #expect(line.count <= 100, "\(line.count) columns: \(line)") }
        let wide = try cli.run(args + ["--run-id", "wide", "--wide"])
        #expect(wide.stdout.contains("p (Mann-Whitney)") && !r.stdout.contains("p (Mann-Whitney)"))

        // A protocol alone: each size's time and its closed form, then the fit; still 100 columns.
        let p = try cli.run(["protocol", "epidemic", "--n", "100,1000,10000", "--trials", "5", "--no-plots"])
        #expect(p.status == 0, "\(p.stderr)")
        let plines = p.stdout.split(separator: "\n").map(String.init)
        #expect(plines[1].hasPrefix("epidemic converges in mean parallel time"), "\(plines[1])")
        #expect(p.stdout.contains("closed form") && p.stdout.contains("time against n fits a*log(x)+b"))
        for line in plines { #expect(line.count <= 100, "\(line.count) columns: \(line)") }
    }

    /// `popbench protocol --help` lists only what applies to protocols.
    @Test func protocolHelpOmitsOptimizationOptions() throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        let proto = try cli.run(["protocol", "--help"]).stdout
        for option in ["--clock", "--metric", "--backend", "--mpi-schedule", "--ranks"] {
            #expect(!proto.contains(option), "protocol --help lists \(option)")
        }
        let compare = try cli.run(["compare", "--help"]).stdout
        #expect(compare.contains("--clock") && compare.contains("--backend") && compare.contains("--wide"))
        let typed = try cli.run(["protocol", "am3", "--backend", "mpi", "--trials", "1", "--no-plots"])
        #expect(typed.status == 2 && typed.stderr.contains("--backend"), "\(typed.stderr)")
    }

    /// The run's report.html: written by the run, rebuilt byte for byte by `popbench report`,
    /// loaded by headless Chromium without console messages, showing the verdict, the command
    /// that reproduces the run and every figure of the run inline.
    @Test func reportPageRoundTripsAndRendersInABrowser() throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        let r = try cli.run(["compare", "--algos", "sgd,popsgd", "--task", "mean", "--nodes", "8", "--trials", "3",
                             "--run-id", "page"])
        #expect(r.status == 0, "\(r.stderr)")
        let page = cli.directory.appendingPathComponent("results/page/report.html")
        let written = try Data(contentsOf: page)
        try FileManager.default.removeItem(at: page)
        let rebuilt = try cli.run(["report", "page"])
        #expect(rebuilt.status == 0, "\(rebuilt.stderr)")
        #expect(try Data(contentsOf: page) == written)

        let svgs = cli.entries("plots/page").filter { $0.hasSuffix(".svg") }
        #expect(!svgs.isEmpty)
        let loaded = try HeadlessBrowser.load(page)
        #expect(loaded.console.isEmpty, "console: \(loaded.console)")
        #expect(loaded.dom.contains("id=\"verdict\"") && loaded.dom.contains("popsgd reaches the target"))
        #expect(loaded.dom.contains("popbench compare --algos sgd,popsgd"))
        for svg in svgs { #expect(loaded.dom.contains("id=\"fig-\(svg)\""), "figure \(svg) missing") }
        #expect(HeadlessBrowser.count("<svg", in: loaded.dom) == svgs.count)

        let missing = try cli.run(["report", "nosuchrun"])
        #expect(missing.status == 2, "\(missing.stderr)")
    }

    /// `report --history` over check runs: one chart per metric across the runs, loaded in the
    /// browser without console messages.
    @Test func historyDrawsEveryMetricAcrossCheckRuns() throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        let only = ["--only", "exact/epidemic"]
        #expect(try cli.run(["check", "--quick", "--update", "--run-id", "c0"] + only).status == 0)
        #expect(try cli.run(["check", "--quick", "--run-id", "c1"] + only).status == 0)
        #expect(try cli.run(["check", "--quick", "--run-id", "c2"] + only).status == 0)
        let r = try cli.run(["report", "--history", "--out", "history.html"])
        #expect(r.status == 0, "\(r.stderr)")
        let loaded = try HeadlessBrowser.load(cli.directory.appendingPathComponent("history.html"))
        #expect(loaded.console.isEmpty, "console: \(loaded.console)")
        #expect(loaded.dom.contains("id=\"fig-exact/epidemic") || loaded.dom.contains("fig-exact"))
        #expect(loaded.dom.contains("c0") && loaded.dom.contains("c2"))
        #expect(HeadlessBrowser.count("<svg", in: loaded.dom) >= 1)
    }
}
