import Benchmark
import PopBenchCore
import PopBenchProtocols
import PopBenchSuite

/// Engine benchmarks for the protocol family (agent and batch engines): one converging trial
/// per iteration; the custom metric is interactions per second (issue 5 item 6).
func registerProtocolBenchmarks() {
    let cases: [(String, EngineKind, Int)] = [
        ("epidemic", .agent, 1_000), ("epidemic", .agent, 1_000_000),
        ("am3", .agent, 1_000), ("am3", .agent, 1_000_000),
        ("am3", .batch, 1_000_000), ("am3", .batch, 100_000_000),
        ("em4", .batch, 1_000_000), ("epidemic", .batch, 1_000_000), ("epidemic", .batch, 100_000_000),
    ]
    for (plugin, engine, n) in cases {
        Benchmark("\(plugin) \(engine.rawValue) n=\(n)",
                  configuration: .init(metrics: [.wallClock, .throughput], maxDuration: .seconds(5), maxIterations: 20)) { benchmark in
            for i in benchmark.scaledIterations {
                let row = try ProtocolBench.run(plugin: plugin, engine: engine, n: n, trials: 1, seed: UInt64(i))
                blackHole(row.interactions)
            }
        }
    }
}
