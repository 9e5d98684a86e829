import Foundation
import PopBenchCore
import PopBenchPlot
import PopBenchProtocols

/// F8: the seed's space-time table of majority and leader-election protocols, measured.
///
/// One figure of time against n (log-log, states in the legend) for every catalog majority
/// protocol, the gap sweeps of `GapSweeps`, and a generated Markdown table `F8.table.md`:
/// per protocol the paper's claimed states and time law beside the states allocated at
/// n = 10^6 and visited in a run at n = 10^4, the fitted law with its CI and the rank of the
/// claimed law among the competing shapes, and correctness at the hardest input (a margin of
/// one agent) with its Wilson interval. Rows of the seed's table that are not in the catalog
/// are listed with the reason.
enum ProtocolTableFigure {
    /// Catalog protocols with a claim, in the order of the seed's table.
    static func protocols(_ registry: Registry, task: String) -> [String] {
        ProtocolClaims.all.filter { $0.task == task && $0.parameters.isEmpty }.compactMap(\.plugin)
            .filter { name in registry.plugins.contains { $0.descriptor.name == name } }
    }

    /// Rows a catalog majority protocol stands for at non-default parameters (block-majority at
    /// B = 1 for [AAG18]): each measured in runs of its own.
    static func variants(_ registry: Registry) -> [ProtocolClaim] {
        ProtocolClaims.all.filter { c in
            c.task == "majority" && !c.parameters.isEmpty && registry.plugins.contains { $0.descriptor.name == c.plugin }
        }
    }

    static let f8 = PaperFigure(id: "F8", summary: "The seed's protocol table, measured: time against n with states, fitted laws, correctness at a margin of one agent, gap sweeps") { ctx in
        let majority = protocols(ctx.registry, task: "majority")
        let leaders = protocols(ctx.registry, task: "leader")
        let sizes = ctx.quick ? [1_000, 10_000, 100_000] : [1_000, 10_000, 100_000, 1_000_000, 10_000_000]
        let trials = ctx.quick ? 10 : 20
        let timing = try ctx.run(.init(plugins: majority, task: "majority", sizes: sizes, trials: trials,
                                       overrides: ["gap": "0.01"]), id: "F8")
        var leaderRuns: [Analyzer.Analysis] = []
        for name in leaders {
            let ns = name == "le-trivial" ? (ctx.quick ? [100, 300, 1_000] : [100, 1_000, 10_000]) : sizes
            leaderRuns.append(try ctx.run(.init(plugins: [name], task: "leader", sizes: ns, trials: trials), id: "F8"))
        }
        var variantRuns: [String: Analyzer.Analysis] = [:]
        for v in variants(ctx.registry) {
            variantRuns[v.key] = try ctx.run(.init(plugins: [v.plugin!], task: "majority", sizes: sizes, trials: trials,
                                                   overrides: v.parameters.merging(["gap": "0.01"]) { $1 }), id: "F8")
        }
        let hard = try hardestInput(ctx, majority: majority)
        let sweeps = try GapSweeps.run(ctx)

        var states: [String: (allocated: Int, visited: Int)] = [:]
        for name in majority + leaders {
            let analysis = majority.contains(name) ? timing : leaderRuns[leaders.firstIndex(of: name)!]
            states[name] = try stateCounts(name, ctx: ctx, analysis: analysis)
        }
        for v in variants(ctx.registry) {
            states[v.key] = try stateCounts(v.plugin!, parameters: v.parameters, ctx: ctx, analysis: variantRuns[v.key]!)
        }
        let table = markdownTable(timing: [timing] + leaderRuns, variantTiming: variantRuns, hard: hard, states: states, quick: ctx.quick)

        var series: [Figure.Series] = []
        for (i, name) in majority.enumerated() {
            let rows = timing.report.rows.filter { $0.plugin == name && $0.metric == OutcomeName.time }.sorted { $0.n < $1.n }
            let label = "\(name) (\(states[name].map { "\($0.allocated) states at n = 10^6" } ?? "?"))"
            series.append(Figure.Series.points(label: label, x: rows.map { Double($0.n) }, y: rows.map(\.mean),
                                               low: rows.map(\.ciLow), high: rows.map(\.ciHigh), connected: true)
                .colored(PlotColor.palette(i)))
        }
        for (i, v) in variants(ctx.registry).enumerated() {
            let rows = (variantRuns[v.key]?.report.rows ?? []).filter { $0.metric == OutcomeName.time }.sorted { $0.n < $1.n }
            let label = "\(v.key) (\(states[v.key].map { "\($0.allocated) states at n = 10^6" } ?? "?"))"
            series.append(Figure.Series.points(label: label, x: rows.map { Double($0.n) }, y: rows.map(\.mean),
                                               low: rows.map(\.ciLow), high: rows.map(\.ciHigh), connected: true)
                .colored(PlotColor.palette(majority.count + i)))
        }
        let figure = Figure(name: "F8", title: "F8: the seed's majority table, measured (gap 0.01)\n\(trials) trials per point, mean and 95% CI",
                            xLabel: "population size n (agents)", yLabel: Clock.parallel.label, logX: true, logY: true,
                            series: series, key: .below)
        var lines = ["Experiment (time against n): \(majority.joined(separator: ", ")) on task majority, gap 0.01, n = \(sizes.map(String.init).joined(separator: ", ")), \(trials) trials each; leader election: \(leaders.joined(separator: ", ")).",
                     "Hardest input: margin of one agent (gap 0.999/n), \(hard.map { "n = \($0.n): \($0.trials) trials" }.joined(separator: "; ")).",
                     "The table (F8.table.md) sets each claim beside the measurement; fits are weighted by 1/SE^2 and ranked by the analyzer's criterion."]
        lines += sweeps.caption
        lines.append(Caption.setting(ctx.quick))
        return .init(figures: [figure] + sweeps.figures, caption: lines.joined(separator: "\n"), files: ["F8.table.md": table])
    }

    /// Correctness runs at a margin of one agent (`parameters`: a variant row's, else empty).
    struct HardRun { var n: Int; var trials: Int; var analysis: Analyzer.Analysis; var parameters: [String: String] = [:] }

    /// Every majority protocol at n = 1001 (and n = 10001 in the full setting) from a margin
    /// of one agent. em4 needs Theta(n log n) parallel time there (about 17 s per trial at
    /// n = 10001 on one core), so at n = 10001 it runs 20 trials, the others 1000.
    static func hardestInput(_ ctx: FigureContext, majority: [String]) throws -> [HardRun] {
        var out: [HardRun] = []
        let plan: [(n: Int, trials: Int)] = ctx.quick ? [(1_001, 20)] : [(1_001, 1_000), (10_001, 1_000)]
        for (n, trials) in plan {
            let gap = ["gap": String(0.999 / Double(n))]
            var fast = majority
            if n > 2_000, fast.contains("em4") {
                fast.removeAll { $0 == "em4" }
                out.append(HardRun(n: n, trials: 20, analysis: try ctx.run(.init(plugins: ["em4"], task: "majority", sizes: [n], trials: 20, overrides: gap), id: "F8")))
            }
            out.append(HardRun(n: n, trials: trials, analysis: try ctx.run(.init(plugins: fast, task: "majority", sizes: [n], trials: trials, overrides: gap), id: "F8")))
            for v in variants(ctx.registry) {
                let run = try ctx.run(.init(plugins: [v.plugin!], task: "majority", sizes: [n], trials: trials,
                                            overrides: v.parameters.merging(gap) { $1 }), id: "F8")
                out.append(HardRun(n: n, trials: trials, analysis: run, parameters: v.parameters))
            }
        }
        return out
    }

    /// States allocated at n = 10^6 and visited in one run at n = 10^4 lasting three times the
    /// mean convergence time measured at n = 10^4 (seeded as trial 0 of an experiment `F8-visited`).
    static func stateCounts(_ name: String, parameters: [String: String] = [:], ctx: FigureContext,
                            analysis: Analyzer.Analysis) throws -> (allocated: Int, visited: Int) {
        guard let big = try CatalogTables.compiled(name, n: 1_000_000, overrides: parameters),
              let small = try CatalogTables.compiled(name, n: 10_000, overrides: parameters) else { return (0, 0) }
        let task = ProtocolClaims.claim(name)?.task ?? "majority"
        let rows = analysis.report.rows.filter { $0.plugin == name && $0.metric == OutcomeName.time }
        let time = rows.min { abs($0.n - 10_000) < abs($1.n - 10_000) }?.mean ?? 100
        let n = 10_000
        let counts = try CatalogTables.initialCounts(small, task: task, n: n, gap: 0.01)
        // The seed of trial 0 of a one-cell experiment `F8-visited` with no parameters.
        let cell = Cell(plugin: name, task: task, n: n, config: Configuration(), budget: 3 * min(time, 1e4), target: nil)
        let experiment = parameters.isEmpty ? "F8-visited" : "F8-visited " + parameters.keys.sorted().map { "\($0)=\(parameters[$0]!)" }.joined(separator: " ")
        let seed = cell.setup(trial: 0, masterSeed: ctx.seed, experiment: experiment).seed
        var rng = Xoshiro256(seed: seed)
        let visited = CatalogTables.visitedStates(small, counts: counts, interactions: UInt64(3 * min(time, 1e4) * Double(n)), rng: &rng)
        return (big.stateCount, visited)
    }
}
