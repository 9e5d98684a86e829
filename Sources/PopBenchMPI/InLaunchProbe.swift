import PopBenchCore
import PopBenchOptimization

/// `validate-model`'s second calibration: the cell's communication pattern timed after steps
/// (`PatternBench.afterSteps`, as `calibrate` does) by the same ranks in the same launch, after
/// each of their trials (at the start, mpirun's own work still competes for the cores), and
/// averaged over the launch. On a shared host the cost of the same call drifts between launches:
/// here (2 vCPUs, idle, 5 December 2026) a C loop of Irecv/Isend/Waitall of 400 B between 2
/// ranks took 0.92-0.96 us per call in some launches and 1.49-1.65 us in others minutes apart,
/// steady within each launch. Priced by this probe, the simulated run answers whether the
/// model turns measured call costs into the right throughput; priced by the profile, whether
/// a profile taken earlier still holds. `validate-model` prints both, and their ratio (drift).
public struct InLaunchProbe: Sendable {
    /// The pattern timed (the cell's `Pricing.pattern`).
    public var pattern: CommunicationPattern
    /// What was measured, as `calibrate` records it for one task and one pattern.
    public var compute: CalibrationProfile.Compute

    /// The outcome keys a trial record carries the probe under.
    enum Key: String {
        case call = "probe-call", wait = "probe-wait", step = "probe-step", backToBack = "probe-back-to-back"
        case dimension = "probe-dimension"
    }

    /// What times `cell`'s pattern on this launch's ranks: the buffers and window, made once per
    /// launch (collective) and timed after each trial. About as many calls as a trial's parallel
    /// time (10 batches of up to budget / 10 steps, at most calibrate's 2^11): a short test run
    /// stays short under load, where every call waits for a time slice.
    final class Timer {
        let bench: PatternBench
        let pattern: CommunicationPattern
        let task: String
        let maxBatch: Int

        /// Nil when the cell's algorithm does not communicate.
        init?(_ cell: Cell, world: MPIWorld) throws {
            guard let pricing = try MPIAlgorithms.standard.pricing(plugin: cell.plugin, config: cell.config, n: cell.n) else { return nil }
            pattern = pricing.pattern; task = cell.task
            maxBatch = min(NetworkProbe.Plan.full.maxBatch, max(8, Int(cell.budget) / 10))
            bench = PatternBench(world: world, maxBytes: 8 * (try GradientTimer.dimension(task: cell.task)))
        }

        /// One timing (collective).
        func measure() throws -> InLaunchProbe {
            InLaunchProbe(pattern: pattern, compute: try bench.afterSteps(task: task, patterns: [pattern], maxBatch: maxBatch))
        }

        /// Frees the window (collective) and the buffers.
        func free() { bench.free() }
    }

    init(pattern: CommunicationPattern, compute: CalibrationProfile.Compute) {
        self.pattern = pattern; self.compute = compute
    }

    /// The mean of several probes of one pattern and task (each field averaged); nil for none.
    static func mean(_ probes: [InLaunchProbe]) -> InLaunchProbe? {
        guard let first = probes.first else { return nil }
        let p = first.pattern.rawValue, k = Double(probes.count)
        func avg(_ f: (CalibrationProfile.Compute) -> Double?) -> Double? {
            let v = probes.compactMap { f($0.compute) }
            return v.count == probes.count ? v.reduce(0, +) / k : nil
        }
        var c = first.compute
        c.seconds = avg(\.seconds)!
        c.ci = [probes.map { $0.compute.ci[0] }.min()!, probes.map { $0.compute.ci[1] }.max()!]
        c.calls = avg { $0.calls?[p] }.map { [p: $0] }
        c.waits = avg { $0.waits?[p] }.map { [p: $0] }
        c.backToBack = avg(\.backToBack)
        return InLaunchProbe(pattern: first.pattern, compute: c)
    }

    /// Adds the probe to a trial's outcomes.
    func record(into recorder: inout TrialRecorder) {
        let p = pattern.rawValue
        recorder.outcome(Key.call.rawValue, compute.calls?[p] ?? .nan)
        recorder.outcome(Key.wait.rawValue, compute.waits?[p] ?? .nan)
        recorder.outcome(Key.step.rawValue, compute.seconds)
        recorder.outcome(Key.backToBack.rawValue, compute.backToBack ?? .nan)
        recorder.outcome(Key.dimension.rawValue, Double(compute.dimension))
    }

    /// The probe `record` carries for `task`, or nil when it carries none.
    public init?(record: TrialRecord, pattern: CommunicationPattern, task: String) {
        let o = record.outcomes
        guard let call = o[Key.call.rawValue], call.isFinite, let step = o[Key.step.rawValue],
              let d = o[Key.dimension.rawValue] else { return nil }
        let p = pattern.rawValue
        self.init(pattern: pattern, compute: CalibrationProfile.Compute(
            task: task, dimension: Int(d), seconds: step, ci: [step, step], waits: [p: o[Key.wait.rawValue] ?? 0],
            calls: [p: call], backToBack: o[Key.backToBack.rawValue].flatMap { $0.isFinite ? $0 : nil }))
    }

    /// `deployment` with this probe's compute and call in place of the profile's (the pattern's
    /// bandwidth fit stays, for splitting the call into the cost model's terms).
    public func replacing(in deployment: CalibrationProfile.Deployment) -> CalibrationProfile.Deployment {
        var d = deployment
        d.compute = d.compute.filter { $0.task != compute.task } + [compute]
        return d
    }
}
