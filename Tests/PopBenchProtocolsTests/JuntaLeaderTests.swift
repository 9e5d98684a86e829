import PopBenchCore
import PopBenchProtocols
import Testing

/// `junta-leader` against the spec's "How to test" (le-bgk20.md): at least one candidate after
/// every interaction and exactly one for good once elected, the engines agree, the states grow
/// with log log n, and bad parameters are refused.
@Suite struct JuntaLeaderTests {
    /// Agent by agent at n = 1000 and 3000, ten seeds each: the candidates (states named `L…`) never
    /// drop to zero; once one is left, 50 more parallel time units keep exactly one. Prints the
    /// election time and the junta (states with `j`) at that moment.
    @Test(arguments: [1000, 3000])
    func alwaysOneCandidateAndOneLeaderForGood(n: Int) {
        let t = JuntaLeader.table(n: n)
        let isCandidate = t.spec.states.map { $0.hasPrefix("L") }
        let inJunta = t.spec.states.map { $0.contains("j") }
        var times: [Double] = [], juntas: [Int] = []
        for seed in 1...10 {
            var population = StepwiseAgents(t, agents: [Int32](repeating: 0, count: n), seed: UInt64(seed))
            var candidates = n, zero = false, elected: UInt64? = nil, after = 0
            while population.steps < UInt64(n) * 100_000 {
                let (p, q, p2, q2) = population.step()
                let steps = population.steps
                for (s, d) in [(p, -1), (q, -1), (p2, 1), (q2, 1)] where isCandidate[s] { candidates += d }
                if candidates == 0 { zero = true; break }
                if let e = elected {
                    if candidates != 1 { after += 1 }
                    if steps - e >= UInt64(50 * n) { break }
                } else if candidates == 1 {
                    elected = steps
                    times.append(Double(steps) / Double(n))
                    juntas.append(population.agents.filter { inJunta[Int($0)] }.count)
                }
            }
            #expect(!zero, "n = \(n), seed \(seed): no candidate left after \(population.steps) interactions")
            #expect(elected != nil && after == 0, "n = \(n), seed \(seed): elected \(String(describing: elected)), \(after) later steps without exactly one")
        }
        print("junta-leader n = \(n): mean election time \(TestStats.mean(times)), junta sizes at election \(juntas)")
    }

    @Test func enginesAgree() throws {
        try expectEnginesAgree("junta-leader", params: [:], task: "leader", expectCorrect: true)
    }

    /// Θ(log log n) states: the level cap is ⌈log2 ⌈log2 n⌉⌉ + 2, and the states stay within
    /// 20 (cap + 1) Ψ (levels × climbing/junta/candidate/bit/flag × coin × clock).
    @Test(arguments: [256, 65_536, 1 << 30])
    func statesGrowWithLogLogN(n: Int) {
        let t = JuntaLeader.table(n: n)
        let cap = JuntaLeader.levelCap(n: n)
        var l = 1
        while (1 << l) < n { l += 1 }
        var ll = 0
        while (1 << ll) < l { ll += 1 }
        print("junta-leader n = 2^\(l): \(t.stateCount) states, level cap \(cap)")
        #expect(cap == ll + 2 && t.stateCount <= 20 * (cap + 1) * 12 && t.stateCount > 12 * cap)
    }

    @Test func oddModulusIsRefused() throws {
        let plugin = ProtocolFamily.protocols.first { $0.descriptor.name == "junta-leader" }!
        #expect(throws: UsageError.self) { try plugin.validate(try plugin.setup(n: 1000, overrides: ["psi": "13"])) }
    }
}
