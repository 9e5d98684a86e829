import Foundation
import PopBenchCore
import PopBenchOptimization

/// `popbench calibrate`: runs the network probe on MPI ranks, fits alpha + m/beta (GSL weighted
/// least squares, weights 1/t^2 so that every size counts by its relative error), and times one
/// gradient evaluation of each task in this process.
public enum Calibration {
    /// Probes the network with `ranks` ranks through `launcher`, times the tasks, and returns the profile.
    public static func run(ranks: Int, launcher: MPILauncher, tasks: [String], log: (String) -> Void) throws -> CalibrationProfile {
        let fm = FileManager.default
        try fm.createDirectory(at: launcher.scratch, withIntermediateDirectories: true)
        defer { try? fm.removeItem(at: launcher.scratch) }
        let out = launcher.scratch.appendingPathComponent("probe.json")
        log("calibrate: ping-pong and one-sided Get, \(NetworkProbe.sizes.first!) B to \(NetworkProbe.sizes.last!) B, \(ranks) ranks")
        try launcher.launch(ranks: ranks, arguments: ["mpi-probe", out.path])
        let probe = try JSON.decoder().decode(NetworkProbe.Result.self, from: Data(contentsOf: out))
        var compute: [CalibrationProfile.Compute] = []
        for task in tasks {
            log("calibrate: compute time per gradient, task \(task)")
            compute.append(try GradientTimer.time(task: task, nodes: ranks))
        }
        return CalibrationProfile(ranks: ranks, machine: Machine.current(), created: Manifest.timestamp(),
                              pingPong: try fit(probe.pingPong), get: try fit(probe.get), compute: compute)
    }

    /// Fits t = alpha + m / beta to the per-size medians.
    static func fit(_ samples: [NetworkProbe.Samples]) throws -> CalibrationProfile.Fit {
        let x = samples.map { Double($0.bytes) }
        let y = samples.map { Statistics.median($0.seconds) }
        let f = try Statistics.weightedLinearFit(x: x, y: y, weights: y.map { 1 / ($0 * $0) })
        // beta = 1/slope; its interval is the inverted slope interval (bounds swap).
        let beta = 1 / f.slope
        let betaCI = [1 / f.slopeInterval.high, 1 / f.slopeInterval.low].sorted()
        return CalibrationProfile.Fit(latency: f.intercept, latencyCI: [f.interceptInterval.low, f.interceptInterval.high],
                                  bandwidth: beta, bandwidthCI: betaCI, r2: f.r2, sizes: samples.map(\.bytes),
                                  medians: y, repetitions: samples.map { $0.seconds.count })
    }
}

/// Times `task.gradient` at the default configuration: 10 batches, each long enough to take
/// about 20 ms, after a warm-up; seconds per gradient with a Student-t 95% CI over the batches.
enum GradientTimer {
    static func time(task name: String, nodes: Int) throws -> CalibrationProfile.Compute {
        guard let descriptor = OptimizationTasks.descriptors.first(where: { $0.name == name }) else {
            throw UsageError("--tasks: unknown task '\(name)'; allowed: \(OptimizationTasks.names.joined(separator: ", "))")
        }
        let config = try Configuration(specs: PSGD().descriptor.parameters + descriptor.parameters, overrides: [:])
        let setup = TrialSetup(plugin: "psgd", task: name, n: nodes, config: config, budget: 1, trial: 0, seed: 1)
        var visitor = Visitor()
        try OptimizationTasks.make(setup).accept(&visitor)
        let ci = try Statistics.meanInterval(visitor.perGradient)
        return CalibrationProfile.Compute(task: name, dimension: visitor.dimension, seconds: Statistics.mean(visitor.perGradient),
                                      ci: [ci.low, ci.high])
    }

    struct Visitor: TaskVisitor {
        var perGradient: [Double] = []
        var dimension = 0

        mutating func visit<T: OptimizationTask>(_ task: T) throws {
            let d = task.dimension
            dimension = d
            let x = UnsafeMutablePointer<Double>.allocate(capacity: d), g = UnsafeMutablePointer<Double>.allocate(capacity: d)
            defer { x.deallocate(); g.deallocate() }
            task.initialModel(x)
            var rng = Xoshiro256(seed: 1)
            var batch = 1
            while true {  // warm up and size a batch to about 20 ms
                let t0 = DispatchTime.now().uptimeNanoseconds
                for i in 0..<batch { task.gradient(node: i % 2, at: x, into: g, rng: &rng) }
                if Double(DispatchTime.now().uptimeNanoseconds - t0) > 2e7 || batch >= 1 << 24 { break }
                batch *= 2
            }
            for _ in 0..<10 {
                let t0 = DispatchTime.now().uptimeNanoseconds
                for i in 0..<batch { task.gradient(node: i % 2, at: x, into: g, rng: &rng) }
                perGradient.append(Double(DispatchTime.now().uptimeNanoseconds - t0) * 1e-9 / Double(batch))
            }
        }
    }
}
