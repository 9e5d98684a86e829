import Benchmark
import PopBenchCore

/// Statistics kernels behind every report: the bootstrap of a median, the rank test and the
/// shape ranking of a fit (GSL facade).
func registerStatisticsBenchmarks() {
    var rng = Xoshiro256(seed: 7)
    let a = (0..<1000).map { _ in rng.exponential() }
    let b = (0..<1000).map { _ in 1.1 * rng.exponential() }
    let xs = (1...12).map { Double(1 << $0) }
    let ys = xs.map { 2 * log($0) + 1 + 0.01 * rng.normal() }
    let config = Benchmark.Configuration(metrics: [.wallClock, .throughput, .mallocCountTotal], maxDuration: .seconds(3))

    Benchmark("statistics.bootstrap.median.n1000.r2000", configuration: config) { benchmark in
        for i in benchmark.scaledIterations {
            blackHole(Statistics.bootstrapInterval(a, level: 0.95, resamples: 2000, seed: UInt64(i), statistic: Statistics.median))
        }
    }
    Benchmark("statistics.mann-whitney.n1000", configuration: config) { benchmark in
        for _ in benchmark.scaledIterations { blackHole(Statistics.mannWhitneyU(a, b)) }
    }
    Benchmark("statistics.rank-shapes.12-points", configuration: config) { benchmark in
        for _ in benchmark.scaledIterations { blackHole(Statistics.rankShapes(x: xs, y: ys, weights: nil)) }
    }
}

import Foundation
