import PopBenchCore
import PopBenchOptimization

/// What every MPI algorithm shares on one rank during one trial: the task, the rank's own
/// generator, the step schedule, the checkpoint schedule, the real clock, and the checkpoint
/// collective that gathers the metrics of the average model off the clock.
///
/// The checkpoint schedule is counted in the algorithm's global events (rounds, or
/// interactions for PopSGD) exactly as in the simulated algorithm, so a real and a simulated
/// trial record their metrics at the same points of parallel time.
struct RankTrial<T: OptimizationTask> {
    let task: T
    let world: MPIWorld
    /// Model dimension.
    let d: Int
    /// The step schedule resolved for the task and the algorithm's events per step.
    let eta: ResolvedSchedule
    /// Checkpoint schedule and metric recording (kept in step on every rank).
    var monitor: TrialMonitor
    var recorder = TrialRecorder()
    var clock = RankClock()
    /// This rank's generator: its own stream of the trial seed.
    var rng: Xoshiro256
    let gradsPerEvent: Double
    let eventsPerUnit: Double
    /// d-long scratch for the average model.
    private let average: UnsafeMutablePointer<Double>
    /// True once any rank saw a diverged metric: every rank stops at the same checkpoint.
    private var stopAll = false

    /// A trial of a synchronous algorithm: one event per round and per step, every rank
    /// computing one gradient per round (n per event).
    init(rounds task: T, setup: TrialSetup, world: MPIWorld) throws {
        try self.init(task: task, setup: setup, world: world, eventsPerUnit: 1, eventsPerStep: 1,
                      gradsPerEvent: Double(world.size))
    }

    init(task: T, setup: TrialSetup, world: MPIWorld, eventsPerUnit: Double, eventsPerStep: Double,
         gradsPerEvent: Double) throws {
        self.task = task
        self.world = world
        d = task.dimension
        eta = try StepSchedule(setup.config).resolved(mu: task.strongConvexity, smoothness: task.smoothness,
                                                      eventsPerStep: eventsPerStep)
        guard let budget = setup.budget else { throw UsageError("--budget: missing for an MPI trial") }
        monitor = TrialMonitor(eventsPerUnit: eventsPerUnit,
                               total: AlgorithmSupport.events(budget: budget, perUnit: eventsPerUnit))
        rng = Xoshiro256(seed: SeedDerivation.streamSeed(trial: setup.seed, stream: world.rank))
        self.gradsPerEvent = gradsPerEvent
        self.eventsPerUnit = eventsPerUnit
        average = .allocate(capacity: Swift.max(d, 1))
    }

    /// Frees the scratch.
    func deallocate() { average.deallocate() }

    /// The event count of the next checkpoint, or nil when the run is over.
    var nextStop: Int? { stopAll ? nil : monitor.nextStop }

    /// The clocks after `t` global events (bytes are not counted on real ranks: 0).
    func clocks(events t: Int) -> ClockReading {
        ClockReading.after(events: t, gradsPerEvent: gradsPerEvent, eventsPerUnit: eventsPerUnit, workers: world.size,
                           wall: clock.wall)
    }

    /// A checkpoint after `t` global events with this rank's (de-biased) model `model`: stops the
    /// clock, averages the models (all-reduce), computes Gamma = (1/n) sum_i ||x_i - x_bar||^2 and
    /// the node-level metrics (each rank scores its own model; sum and max all-reduces give the
    /// mean and the worst node), records them, agrees on divergence, and restarts the clock.
    mutating func checkpoint(model: UnsafePointer<Double>, events t: Int) {
        clock.stop(world)
        average.update(from: model, count: d)
        world.allReduceSum(average, count: d)
        let inv = 1 / Double(world.size)
        for k in 0..<d { average[k] *= inv }
        var local = 0.0
        for k in 0..<d { let r = model[k] - average[k]; local += r * r }
        let gamma = world.allReduceSum(local) * inv
        let specs = task.scoredMetrics
        let k = Swift.min(task.nodeScoredCount, specs.count)
        let own = task.score(model, count: k)
        var nodesMean: [Double] = [], nodesWorst: [Double] = []
        for m in 0..<k {
            nodesMean.append(world.allReduceSum(own[m]) * inv)
            // The worst node: the largest error, or the smallest accuracy (max of the negation).
            let sign = specs[m].direction == .lowerIsBetter ? 1.0 : -1.0
            nodesWorst.append(sign * world.allReduceMax(sign * own[m]))
        }
        monitor.record(task, averageScores: task.score(UnsafePointer(average), count: specs.count),
                       nodesMean: nodesMean, nodesWorst: nodesWorst, gamma: gamma, clocks: clocks(events: t),
                       recorder: &recorder)
        stopAll = world.allReduceMax(monitor.diverged ? 1 : 0) > 0
        clock.start()
    }

    /// The loop every rank algorithm shares: starts the real clock, performs global
    /// events 0, 1, ... with `event(t, &rng)` until the checkpoint schedule ends, scores the model
    /// `scored()` returns at each checkpoint, then sets the end-of-trial outcomes.
    ///
    /// `owner`, for the serial schedule (`MPISchedule.serial`): the rank that performs event t.
    /// This rank then waits, before each event it owns, for the token of the previous event's
    /// owner, and hands the token on after it; the chain restarts after each checkpoint (whose
    /// collectives already order the segments), so no token is left unreceived.
    mutating func drive(scoring scored: () -> UnsafePointer<Double>, owner: ((Int) -> Int)? = nil,
                        event: (Int, inout Xoshiro256) -> Void) {
        var t = 0
        clock.start()
        while let stop = nextStop {
            let start = t
            while t < stop {
                if let owner {
                    if owner(t) == world.rank {
                        if t > start && owner(t - 1) != world.rank { world.receiveToken(from: owner(t - 1), tag: Self.tokenTag) }
                        event(t, &rng)
                        if t + 1 < stop && owner(t + 1) != world.rank { world.sendToken(to: owner(t + 1), tag: Self.tokenTag) }
                    }
                } else {
                    event(t, &rng)
                }
                t += 1
            }
            checkpoint(model: scored(), events: t)
        }
        finish(events: t)
    }

    /// The loop of ranks that never wait for one another between checkpoints (PopSGD under the
    /// free schedule): rank r performs its own events, its k-th with global index k n + r, until
    /// the segment's wall-clock length has passed on its own clock, and the checkpoint counts the
    /// events of all ranks. A segment is sized to reach the schedule's next checkpoint at the
    /// global rate so far (events over wall time since the start), but never to more than half
    /// of what remains of the budget, which is so approached in halves; the last few events
    /// (under 2 n), like the first segments (too short to time), are shared out: rank r performs
    /// ceil((m - r) / n) of the m left. So a slow rank
    /// performs fewer events than a fast one, as a slow node initiates fewer interactions in the
    /// simulator, instead of every rank being held to the same share. Checkpoints land at the
    /// counted totals, near the schedule's points; every decision depends only on collectively
    /// agreed values (totals, the clock), so all ranks take it together.
    mutating func driveFree(scoring scored: () -> UnsafePointer<Double>, event: (Int, inout Xoshiro256) -> Void) {
        let n = world.size, r = world.rank
        let budget = monitor.schedule.total
        var own = 0, total = 0
        clock.start()
        while let stop = nextStop {
            repeat {
                let left = stop - total
                let rate = clock.wall > 0 ? Double(total) / clock.wall : 0
                if rate > 0 && left >= 2 * n {
                    let deadline = MPIWorld.now() + Double(Swift.min(left, (budget - total) / 2)) / rate
                    repeat { event(own * n + r, &rng); own += 1 } while MPIWorld.now() < deadline
                } else {
                    for _ in 0..<Swift.max(0, (left - r + n - 1) / n) { event(own * n + r, &rng); own += 1 }
                }
                total = Int(world.allReduceSum(Double(own)))
            } while stop >= budget && total < stop
            checkpoint(model: scored(), events: total)
            while monitor.schedule.active && monitor.schedule.next <= total { monitor.schedule.advance() }
        }
        finish(events: total)
        // How unevenly the ranks progressed: the fewest and the most events one rank performed.
        recorder.outcome("rank-events-min", -world.allReduceMax(-Double(own)))
        recorder.outcome("rank-events-max", world.allReduceMax(Double(own)))
    }

    /// The message tag of the serial schedule's token.
    static var tokenTag: Int32 { 7_001 }

    /// Sets the end-of-trial outcomes after `t` global events.
    mutating func finish(events t: Int) {
        monitor.finish(clocks: clocks(events: t), recorder: &recorder)
    }
}

/// A d-long zeroed Float64 buffer with a stable address (MPI buffers and windows).
func rankBuffer(_ d: Int) -> UnsafeMutablePointer<Double> {
    let p = UnsafeMutablePointer<Double>.allocate(capacity: Swift.max(d, 1))
    p.update(repeating: 0, count: Swift.max(d, 1))
    return p
}
