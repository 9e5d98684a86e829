import Foundation
import PopBenchCore
import PopBenchProtocols

extension ProtocolBench {
    /// Phases of the stretch at which `agentOverStretch` times the agent engine.
    public static let stretchPhases = 5

    /// The agent engine's interactions per second over the same stretch of a run as the batch
    /// engine's row (parallel time 0 to `end`, or to convergence if sooner), without running the
    /// agent engine through all of it (5 10^8 interactions for 0-50 at n = 10^7: minutes).
    ///
    /// An engine's cost per interaction changes with the phase of the run (which states are
    /// present, how many interactions change a state): at n = 10^7 cancel-split's agent engine
    /// runs 1.3x (one host) to 1.6-2.8x (another) faster over parallel time 0-50 than over its
    /// first few units, so timing its first seconds only would not compare the two engines on the
    /// same work. Here the stretch is cut into `phases` equal phases; for each trial a batch-engine
    /// run (the same law: both engines are exact) gives the configuration at the start of each
    /// phase, and the agent engine is timed
    /// from that configuration for the same number of interactions, L, in every phase (at most the
    /// phase's own length, when it covers the whole stretch). With the same L in every phase the
    /// total interactions over the total seconds is the harmonic mean of the phase rates, which is
    /// the rate of a run that spends equal parallel time in each phase (a quadrature of the whole
    /// stretch by the phases' first L interactions). L is chosen so that a trial takes about
    /// `seconds` of agent time: the rate of the faster of two probes of 10^6 interactions from the
    /// start, times `seconds / phases`, at least 10^5 interactions. Phases after the batch run
    /// converged are left out (the batch row stops there too). A phase's time leaves out building
    /// its array of n agents, which a whole run does once. The row's `meanTime` is the stretch
    /// covered, `converged` the trials whose last phase's agent run reached convergence.
    public static func agentOverStretch(plugin name: String, n: Int, end: Double, seconds: Double, trials: Int = 1,
                                        seed: UInt64 = 1, phases: Int = stretchPhases) throws -> Row {
        precondition(end > 0 && seconds > 0 && trials >= 1 && phases >= 1)
        let plugin = try Catalog.plugin(named: name, family: .protocol, field: "bench")
        // The checks a trial gets before any work (plugin, n, the agent array's memory): planned
        // like a short agent-engine trial, not run.
        _ = try Study(registry: registry, jobs: 1).plan(StudyRequest(
            command: "bench", experiment: "bench-stretch", plugins: [name], task: nil, sizes: [n],
            overrides: ["engine": EngineKind.agent.rawValue], budget: max(1e6 / Double(n), 0.01), trials: 1,
            seed: seed, keepSeries: false))
        let (table, start) = try ProtocolExport.compiled(plugin, n: n)
        let width = max(1, UInt64(end / Double(phases) * Double(n)))   // interactions per phase
        var probe = Xoshiro256(seed: SeedDerivation.subSeed(seed, "bench-stretch-probe"))
        var rate = 0.0
        for _ in 0..<2 {
            let (result, secs) = timed { AgentEngine.run(table, counts: start, maxInteractions: 1_000_000, rng: &probe) }
            rate = max(rate, Double(result.interactions) / max(secs, 1e-9))
        }
        let perPhase = UInt64(min(Double(width), max(100_000, rate * seconds / Double(phases))))
        var interactions = 0.0, total = 0.0, stretch = 0.0, converged = 0
        for trial in 0..<trials {
            let trialSeed = SeedDerivation.trialSeed(master: seed, experiment: "bench-stretch", plugin: name,
                                                     parameters: "", n: n, trial: trial)
            var batchRNG = Xoshiro256(seed: SeedDerivation.subSeed(trialSeed, "batch"))
            var agentRNG = Xoshiro256(seed: SeedDerivation.subSeed(trialSeed, "agent"))
            var counts = start, reached: UInt64 = 0, lastConverged = false
            for _ in 0..<phases {
                // A whole run builds its array of n agents once; a phase's run builds it again,
                // so that setup (a run of no interactions from the same counts) is subtracted.
                let (_, setup) = timed { AgentEngine.run(table, counts: counts, maxInteractions: 0, rng: &agentRNG) }
                let (result, secs) = timed { AgentEngine.run(table, counts: counts, maxInteractions: perPhase, rng: &agentRNG) }
                interactions += Double(result.interactions); total += max(secs - setup, 0)
                lastConverged = result.converged
                let next = BatchEngine.run(table, counts: counts, maxInteractions: width, rng: &batchRNG)
                reached += next.interactions
                if next.converged { break }
                counts = next.counts
            }
            stretch += min(Double(reached) / Double(n), end)
            if lastConverged { converged += 1 }
        }
        return Row(plugin: name, engine: EngineKind.agent.rawValue, n: n, trials: trials, interactions: interactions,
                   seconds: total, interactionsPerSecond: interactions / max(total, 1e-9),
                   meanTime: stretch / Double(trials), converged: converged)
    }

    /// The value of `body` and its wall-clock seconds.
    private static func timed<T>(_ body: () -> T) -> (T, Double) {
        let t0 = DispatchTime.now().uptimeNanoseconds
        let value = body()
        return (value, Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9)
    }
}
