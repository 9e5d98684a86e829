import Foundation
import PopBenchCore
import PopBenchProtocols
import Testing

/// Small statistics for the tests (the GSL facade of PopBenchCore lands later).
enum TestStats {
    static func mean(_ x: [Double]) -> Double { x.reduce(0, +) / Double(x.count) }

    static func sd(_ x: [Double]) -> Double {
        let m = mean(x)
        return (x.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(x.count - 1)).squareRoot()
    }

    /// Student-t quantile for large degrees of freedom by the Cornish-Fisher expansion
    /// t = z + (z^3 + z)/(4v) + (5z^5 + 16z^3 + 3z)/(96v^2) (error < 1e-4 for v >= 100).
    static func tQuantile(z: Double, dof v: Double) -> Double {
        z + (z * z * z + z) / (4 * v) + (5 * pow(z, 5) + 16 * z * z * z + 3 * z) / (96 * v * v)
    }

    /// Two-sided 99% t-interval of the mean (z_{0.995} = 2.5758293035489).
    static func interval99(_ x: [Double]) -> ClosedRange<Double> {
        let h = tQuantile(z: 2.575_829_303_548_9, dof: Double(x.count - 1)) * sd(x) / Double(x.count).squareRoot()
        let m = mean(x)
        return (m - h)...(m + h)
    }

    /// Wilson score interval for a success rate at z.
    static func wilson(successes: Int, trials: Int, z: Double = 2.575_829_303_548_9) -> ClosedRange<Double> {
        let n = Double(trials), p = Double(successes) / n
        let c = (p + z * z / (2 * n)) / (1 + z * z / n)
        let h = z / (1 + z * z / n) * (p * (1 - p) / n + z * z / (4 * n * n)).squareRoot()
        return (c - h)...(c + h)
    }
}

/// Runs `trials` seeded trials of a plugin through the study (seeds derived from `master` under
/// the experiment name `tests`) and returns their records in trial order. The plugin need not be
/// in the catalog: it runs in a registry of its own with the protocol tasks.
func runTrials(_ plugin: some Plugin, task: String, n: Int, params: [String: String] = [:],
               trials: Int, master: UInt64 = 2024, budget: Double? = nil) throws -> [TrialRecord] {
    let registry = Registry([PluginCatalog(plugins: [plugin], tasks: ProtocolTasks.all)])
    let study = Study(registry: registry)
    let plan = try study.plan(StudyRequest(command: "tests", experiment: "tests", plugins: [plugin.descriptor.name],
                                           task: task, sizes: [n], overrides: params, budget: budget,
                                           trials: trials, seed: master, keepSeries: false))
    return try study.run(plan)
}

/// The hardest input of exact majority, a margin of one agent: `trials` seeded trials at n = 1001
/// from 501 A and 500 B, then 50 with B in the majority (seeds from `master` and `master + 1`).
/// Expects every trial to finish and to end on the majority: an exact protocol never errs (the
/// 99% Wilson interval of the error rate from 0/200 is [0, 0.032]).
func expectExactAtMarginOne(_ plugin: some Plugin, trials: Int = 200, master: UInt64) throws {
    let name = plugin.descriptor.name
    let recs = try runTrials(plugin, task: "majority", n: 1001, params: ["gap": "0.000999"], trials: trials, master: master)
    #expect(recs.allSatisfy { $0.status == .ok }, "\(name): a trial timed out")
    let wrong = recs.filter { $0.outcomes[OutcomeName.correct] != 1 }.count
    #expect(wrong == 0, "\(name): \(wrong) of \(trials) trials ended on the minority")
    let swapped = try runTrials(plugin, task: "majority", n: 1001, params: ["gap": "0.000999", "majority": "B"],
                                trials: 50, master: master + 1)
    #expect(swapped.allSatisfy { $0.status == .ok && $0.outcomes[OutcomeName.correct] == 1 }, "\(name) with B in the majority")
}

/// The catalog plugin named `name`.
func catalogPlugin(_ name: String) -> any Plugin {
    ProtocolFamily.catalog.plugins.first { $0.descriptor.name == name }!
}

/// Convergence times of catalog protocol `name` on the agent and on the batch engine: 300 trials
/// each at n = 1000, master seed 11. Expects no trial to time out and, with `expectCorrect`, every
/// outcome to be correct.
func engineTimes(_ name: String, params: [String: String], task: String,
                 expectCorrect: Bool = false) throws -> (agent: [Double], batch: [Double]) {
    let plugin = catalogPlugin(name)
    var times: [String: [Double]] = [:]
    for engine in ["agent", "batch"] {
        var p = params; p["engine"] = engine
        let recs = try runTrials(plugin, task: task, n: 1000, params: p, trials: 300, master: 11)
        #expect(recs.allSatisfy { $0.status == .ok }, "\(name) \(engine): a trial timed out")
        if expectCorrect {
            #expect(recs.allSatisfy { $0.outcomes[OutcomeName.correct] == 1 }, "\(name) \(engine): a wrong outcome")
        }
        times[engine] = recs.map { $0.outcomes[OutcomeName.time]! }
    }
    return (times["agent"]!, times["batch"]!)
}

/// The agent and batch engines sample the same law of the convergence time of catalog protocol
/// `name` (`engineTimes`): two-sample Kolmogorov-Smirnov over 300 trials each, p > 0.001.
func expectEnginesAgree(_ name: String, params: [String: String], task: String, expectCorrect: Bool = false) throws {
    let times = try engineTimes(name, params: params, task: task, expectCorrect: expectCorrect)
    let ks = TestStats.kolmogorovSmirnov(times.agent, times.batch)
    #expect(ks.p > 0.001, "\(name) \(params): KS D = \(ks.d), p = \(ks.p); means \(TestStats.mean(times.agent)) vs \(TestStats.mean(times.batch))")
}

extension TestStats {
    /// Two-sample Kolmogorov-Smirnov test: the statistic D and its asymptotic p-value
    /// Q_KS((sqrt(m) + 0.12 + 0.11/sqrt(m)) D) with m = n1 n2/(n1 + n2) (Numerical Recipes 14.3).
    static func kolmogorovSmirnov(_ x: [Double], _ y: [Double]) -> (d: Double, p: Double) {
        let a = x.sorted(), b = y.sorted()
        var i = 0, j = 0, d = 0.0
        while i < a.count && j < b.count {
            let v = min(a[i], b[j])
            while i < a.count && a[i] <= v { i += 1 }
            while j < b.count && b[j] <= v { j += 1 }
            d = max(d, abs(Double(i) / Double(a.count) - Double(j) / Double(b.count)))
        }
        let m = Double(a.count * b.count) / Double(a.count + b.count)
        let lambda = (m.squareRoot() + 0.12 + 0.11 / m.squareRoot()) * d
        var p = 0.0, sign = 1.0
        for k in 1...100 {
            p += sign * 2 * exp(-2 * Double(k * k) * lambda * lambda)
            sign = -sign
        }
        return (d, min(1, max(0, p)))
    }
}

extension ProtocolPlugin {
    /// The table of a plugin whose table does not depend on the setup (a protocol file).
    var fileTable: CompiledProtocol {
        table(TrialSetup(plugin: descriptor.name, task: goal.task, n: descriptor.minimumN, config: Configuration()))
    }
}

/// A population simulated agent by agent, for tests that check an invariant after every
/// interaction (the engines only report the end): an ordered pair of distinct agents drawn
/// uniformly, the table's rule applied to it.
struct StepwiseAgents {
    let table: CompiledProtocol
    /// The state of each agent.
    var agents: [Int32]
    var rng: Xoshiro256
    /// Interactions so far.
    var steps: UInt64 = 0

    init(_ table: CompiledProtocol, agents: [Int32], seed: UInt64) {
        self.table = table; self.agents = agents; rng = Xoshiro256(seed: seed)
    }

    /// One interaction: the initiator's and responder's states before (p, q) and after (p2, q2).
    mutating func step() -> (p: Int, q: Int, p2: Int, q2: Int) {
        let n = agents.count
        let i = Int(rng.bounded(UInt64(n)))
        var j = Int(rng.bounded(UInt64(n - 1)))
        if j >= i { j += 1 }
        let p = Int(agents[i]), q = Int(agents[j])
        let pair = p << table.shift | q
        let p2 = Int(table.nextInitiator[pair]), q2 = Int(table.nextResponder[pair])
        agents[i] = Int32(p2); agents[j] = Int32(q2)
        steps += 1
        return (p, q, p2, q2)
    }
}

/// A two-way epidemic (I, S -> I, I both ways) from one informed agent, with `convergence` a
/// count predicate on I (e.g. `count(I) >= 100`).
func twoWayEpidemic(convergence: String) throws -> ProtocolPlugin {
    let text = """
    name: epidemic-count
    task: broadcast
    states: [I, S]
    outputs: {I: informed, S: uninformed}
    initial: {I: 1, S: rest}
    rules:
      - I, S -> I, I
      - S, I -> I, I
    convergence: \(convergence)
    """
    return try ProtocolFileLoader.plugin(file: try ProtocolFileParser.parse(text, file: "epidemic-count.yaml"))
}

/// Exact mean and standard deviation of the interactions a two-way epidemic among n agents
/// takes to go from `from` to `to` informed: from i informed an interaction informs with
/// p_i = 2 i (n - i) / (n (n - 1)), so the wait is a sum of independent geometric waits
/// (mean 1/p_i, variance (1 - p_i)/p_i^2).
func twoWayEpidemicWait(n: Int, from: Int, to: Int) -> (mean: Double, sd: Double) {
    var mean = 0.0, variance = 0.0
    for i in from..<to {
        let p = 2 * Double(i) * Double(n - i) / (Double(n) * Double(n - 1))
        mean += 1 / p; variance += (1 - p) / (p * p)
    }
    return (mean, variance.squareRoot())
}

/// Runs `length` interactions from `counts` on the agent and the batch engine (null skipping
/// off), `trials` trials each (seeds `agentSeed + t` and `batchSeed + t`), and compares each
/// statistic of the final counts by two-sample KS (p > 0.001 each).
func expectEnginesAgree(_ table: CompiledProtocol, counts: [Int], length: UInt64, trials: Int,
                        statistics: [(String, ([Int]) -> Double)], agentSeed: UInt64, batchSeed: UInt64) {
    let n = counts.reduce(0, +)
    var agent: [[Int]] = [], batch: [[Int]] = []
    for t in 0..<trials {
        var r1 = Xoshiro256(seed: agentSeed + UInt64(t)), r2 = Xoshiro256(seed: batchSeed + UInt64(t))
        let a = AgentEngine.run(table, counts: counts, maxInteractions: length, rng: &r1)
        let b = BatchEngine.run(table, counts: counts, maxInteractions: length, rng: &r2, nullSkipping: .off)
        #expect(a.interactions == length && b.interactions == length && !a.converged && !b.converged)
        #expect(b.counts.reduce(0, +) == n)
        agent.append(a.counts); batch.append(b.counts)
    }
    for (name, f) in statistics {
        let ks = TestStats.kolmogorovSmirnov(agent.map(f), batch.map(f))
        #expect(ks.p > 0.001, "\(name): KS D = \(ks.d), p = \(ks.p); means \(TestStats.mean(agent.map(f))) vs \(TestStats.mean(batch.map(f)))")
    }
}
