import Foundation
import PopBenchCore
import PopBenchOptimization

/// `popbench calibrate`: runs the network probe on MPI ranks, fits alpha + m/beta (GSL weighted
/// least squares, weights 1/t^2 so that every size counts by its relative error), and times one
/// gradient evaluation of each task in this process.
public enum Calibration {
    /// Probes each number of ranks in `ranks` through `launcher` (the first one's ping-pong and Get
    /// fits are the profile's network view), times the tasks in this process, and returns the profile.
    public static func run(ranks: [Int], launcher: MPILauncher, tasks: [String], quick: Bool = false,
                           log: (String) -> Void) throws -> CalibrationProfile {
        let plan: NetworkProbe.Plan = quick ? .quick : .full
        let fm = FileManager.default
        try fm.createDirectory(at: launcher.scratch, withIntermediateDirectories: true)
        defer { try? fm.removeItem(at: launcher.scratch) }
        var probes: [NetworkProbe.Result] = []
        for k in ranks {
            let out = launcher.scratch.appendingPathComponent("probe-\(k).json")
            log("calibrate: \(k) ranks: ping-pong, one-sided Get and the algorithms' patterns (\(CommunicationPattern.allCases.map(\.rawValue).joined(separator: ", "))), \(plan.sizes.first!) B to \(plan.sizes.last!) B\(quick ? " (quick)" : ""); compute per gradient with every rank busy")
            try launcher.launch(ranks: k, arguments: ["mpi-probe", out.path, "--tasks", tasks.joined(separator: ",")] + (quick ? ["--quick"] : []))
            probes.append(try JSON.decoder().decode(NetworkProbe.Result.self, from: Data(contentsOf: out)))
        }
        var compute: [CalibrationProfile.Compute] = []
        for task in tasks {
            log("calibrate: compute time per gradient in this process alone, task \(task)")
            compute.append(try GradientTimer.time(task: task, nodes: ranks[0]))
        }
        let deployments = try probes.map { p in
            CalibrationProfile.Deployment(ranks: p.ranks, patterns: try p.patterns.mapValues { try fit($0, byMean: true) },
                                          compute: p.compute)
        }
        var profile = CalibrationProfile(ranks: ranks[0], machine: Machine.current(), created: Manifest.timestamp(),
                                         pingPong: try fit(probes[0].pingPong), get: try fit(probes[0].get), compute: compute,
                                         deployments: deployments)
        if quick { profile.source += " (calibrate --quick: 8 B to 32 KiB, a rough profile)" }
        return profile
    }

    /// Fits t = alpha + m / beta to the per-size medians (the network's view: ping-pong and Get),
    /// or to the per-size means (`byMean`, the patterns that price a run). A run pays the mean:
    /// when ranks share cores, most calls find the partner's message there and a few wait a
    /// time slice for it, which the median hides (4 ranks on 2 cores, 5 December 2026: the
    /// exchange's median alpha 0.12 us; SGP at 4 ranks then measured 0.23-0.30 of the predicted
    /// throughput, 0.58-0.67 when priced by the means).
    static func fit(_ samples: [NetworkProbe.Samples], byMean: Bool = false) throws -> CalibrationProfile.Fit {
        let x = samples.map { Double($0.bytes) }
        let medians = samples.map { Statistics.median($0.seconds) }
        let means = samples.map { Statistics.mean($0.seconds) }
        let y = byMean ? means : medians
        let f = try Statistics.weightedLinearFit(x: x, y: y, weights: y.map { 1 / ($0 * $0) })
        // beta = 1/slope; its interval is the inverted slope interval (bounds swap).
        let beta = 1 / f.slope
        let betaCI = [1 / f.slopeInterval.high, 1 / f.slopeInterval.low].sorted()
        return CalibrationProfile.Fit(latency: f.intercept, latencyCI: [f.interceptInterval.low, f.interceptInterval.high],
                                  bandwidth: beta, bandwidthCI: betaCI, r2: f.r2, sizes: samples.map(\.bytes),
                                  medians: medians, means: byMean ? means : nil, repetitions: samples.map { $0.seconds.count })
    }
}

/// Times one SGD step of a task at the default configuration (a gradient evaluation and the update
/// x <- x - eta g that every algorithm applies after it): 10 batches, each long enough to take
/// about 20 ms, after a warm-up; seconds per step with a Student-t 95% CI over the batches.
///
/// With `between`, each step follows one call of `between` (an MPI call on the ranks), and only
/// the step is timed (minus the timer's own cost): the step as a run executes it, its caches
/// and branch predictors disturbed by the communication library, rather than in a hot loop.
/// `batch` fixes the steps per batch (ranks making collective calls must agree on it); nil
/// sizes batches to about 20 ms.
enum GradientTimer {
    static func time(task name: String, nodes: Int, batch: Int? = nil, between: (() -> Void)? = nil) throws -> CalibrationProfile.Compute {
        var visitor = Visitor(between: between, batch: batch)
        try OptimizationTasks.make(setup(task: name, nodes: nodes)).accept(&visitor)
        let ci = try Statistics.meanInterval(visitor.perStep)
        return CalibrationProfile.Compute(task: name, dimension: visitor.dimension, seconds: Statistics.mean(visitor.perStep),
                                          ci: [ci.low, ci.high])
    }

    /// The model dimension d of `name` at its default configuration.
    static func dimension(task name: String) throws -> Int {
        struct Dimension: TaskVisitor {
            var d = 0
            mutating func visit<T: OptimizationTask>(_ task: T) throws { d = task.dimension }
        }
        var visitor = Dimension()
        try OptimizationTasks.make(setup(task: name, nodes: 2)).accept(&visitor)
        return visitor.d
    }

    /// A trial setup of `name` at its default configuration (psgd's parameters, seed 1).
    static func setup(task name: String, nodes: Int) throws -> TrialSetup {
        guard let descriptor = OptimizationTasks.descriptors.first(where: { $0.name == name }) else {
            throw UsageError("--tasks: unknown task '\(name)'; allowed: \(OptimizationTasks.names.joined(separator: ", "))")
        }
        let config = try Configuration(specs: PSGD().descriptor.parameters + descriptor.parameters, overrides: [:])
        return TrialSetup(plugin: "psgd", task: name, n: nodes, config: config, budget: 1, trial: 0, seed: 1)
    }

    struct Visitor: TaskVisitor {
        let between: (() -> Void)?
        var batch: Int?
        var perStep: [Double] = []
        var dimension = 0

        mutating func visit<T: OptimizationTask>(_ task: T) throws {
            let d = task.dimension
            dimension = d
            let x = UnsafeMutablePointer<Double>.allocate(capacity: d), g = UnsafeMutablePointer<Double>.allocate(capacity: d)
            defer { x.deallocate(); g.deallocate() }
            task.initialModel(x)
            var rng = Xoshiro256(seed: 1)
            let eta = 1e-9  // small enough that the model stays where it started
            /// Seconds of `count` steps, only the steps on the clock.
            func steps(_ count: Int) -> Double {
                guard let between else {
                    let t0 = DispatchTime.now().uptimeNanoseconds
                    for i in 0..<count {
                        task.gradient(node: i % 2, at: x, into: g, rng: &rng)
                        for k in 0..<d { x[k] -= eta * g[k] }
                    }
                    return Double(DispatchTime.now().uptimeNanoseconds - t0) * 1e-9
                }
                var total: UInt64 = 0, timer: UInt64 = 0
                for i in 0..<count {
                    between()
                    let t0 = DispatchTime.now().uptimeNanoseconds
                    task.gradient(node: i % 2, at: x, into: g, rng: &rng)
                    for k in 0..<d { x[k] -= eta * g[k] }
                    let t1 = DispatchTime.now().uptimeNanoseconds
                    timer += DispatchTime.now().uptimeNanoseconds - t1  // the cost of one reading
                    total += t1 - t0
                }
                return Double(total) * 1e-9 - Double(timer) * 1e-9
            }
            let batch = self.batch ?? {
                var b = 1
                while steps(b) <= 0.02 && b < 1 << 24 { b *= 2 }  // warm up and size a batch to about 20 ms
                return b
            }()
            if self.batch != nil { _ = steps(Swift.max(batch / 4, 1)) }  // warm up
            for _ in 0..<10 { perStep.append(Swift.max(steps(batch), 0) / Double(batch)) }
        }
    }
}
