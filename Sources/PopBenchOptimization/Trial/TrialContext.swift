import PopBenchCore

/// What an algorithm's state reads and changes while `TrialDriver` runs it: the task's
/// constants, the resolved step schedule, the deployment simulator (the `wall` and `bytes`
/// clocks), the trial's generator, the event count t, and the trial's buffers.
struct TrialContext {
    /// Model dimension d.
    let d: Int
    /// The cost model at dimension `d`.
    let cost: CostModel
    /// The step-size schedule resolved for the task: the step of event t is `eta.eta(t)`.
    let eta: ResolvedSchedule
    /// The deployment simulator: per-node compute draws, pending events, wall time, bytes sent.
    var simulator: DeploymentSimulator
    /// The trial's generator (gradient samples, partner choices, quantization).
    var rng: Xoshiro256
    /// Events run so far: t, the index of the next event.
    var events: Int = 0
    /// Where the algorithm's buffers come from.
    var buffers = TrialBuffers()

    init(d: Int, cost: CostModel, eta: ResolvedSchedule, simulator: DeploymentSimulator, rng: Xoshiro256) {
        self.d = d; self.cost = cost; self.eta = eta; self.simulator = simulator; self.rng = rng
    }
}
