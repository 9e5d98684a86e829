import PopBenchCore
import PopBenchOptimization

/// Sequential SGD on one rank: x <- x - eta_t g(x) with g a sample of the global objective; the
/// baseline of a real comparison (one gradient per step; parallel time = steps).
struct RankSGD: RankAlgorithm {
    func run<T: OptimizationTask>(_ task: T, setup: TrialSetup, world: MPIWorld) throws -> TrialRecorder {
        var trial = try RankTrial(task: task, setup: setup, world: world, eventsPerUnit: 1, eventsPerStep: 1, gradsPerEvent: 1)
        let d = trial.d
        let x = rankBuffer(d), g = rankBuffer(d)
        defer { x.deallocate(); g.deallocate(); trial.deallocate() }
        task.initialModel(x)
        let eta = trial.eta
        trial.drive(scoring: { UnsafePointer(x) }) { t, rng in
            task.globalGradient(at: x, into: g, rng: &rng)
            let e = eta.eta(t)
            for k in 0..<d { x[k] -= e * g[k] }
        }
        return trial.recorder
    }
}

/// PSGD: every round each rank computes a gradient at the common model, `MPI_Allreduce` sums
/// the n gradients, and every rank applies x <- x - eta_t (1/n) sum_i g_i (data-parallel SGD as
/// torch.distributed / Horovod run it). Rounds are events; n gradients per round.
struct RankPSGD: RankAlgorithm {
    func run<T: OptimizationTask>(_ task: T, setup: TrialSetup, world: MPIWorld) throws -> TrialRecorder {
        let n = world.size
        var trial = try RankTrial(rounds: task, setup: setup, world: world)
        let d = trial.d
        let x = rankBuffer(d), g = rankBuffer(d)
        defer { x.deallocate(); g.deallocate(); trial.deallocate() }
        task.initialModel(x)
        let eta = trial.eta
        trial.drive(scoring: { UnsafePointer(x) }) { t, rng in
            task.gradient(node: world.rank, at: x, into: g, rng: &rng)
            world.allReduceSum(g, count: d)
            let e = eta.eta(t) / Double(n)
            for k in 0..<d { x[k] -= e * g[k] }
        }
        return trial.recorder
    }
}

/// Local SGD: each rank takes x <- x - eta_t g(x) on its own data; after every H local steps
/// the models are averaged with an `MPI_Allreduce` of models (Stich 2019). Events are local
/// steps (one gradient per rank each), as in the simulated algorithm.
struct RankLocalSGD: RankAlgorithm {
    let h: Int

    func run<T: OptimizationTask>(_ task: T, setup: TrialSetup, world: MPIWorld) throws -> TrialRecorder {
        let n = world.size
        var trial = try RankTrial(rounds: task, setup: setup, world: world)
        let d = trial.d
        let x = rankBuffer(d), g = rankBuffer(d)
        defer { x.deallocate(); g.deallocate(); trial.deallocate() }
        task.initialModel(x)
        let inv = 1 / Double(n)
        let eta = trial.eta
        trial.drive(scoring: { UnsafePointer(x) }) { t, rng in
            task.gradient(node: world.rank, at: x, into: g, rng: &rng)
            let e = eta.eta(t)
            for k in 0..<d { x[k] -= e * g[k] }
            // After every H-th local step (event t is step t + 1).
            if (t + 1) % h == 0 && n > 1 {
                world.allReduceSum(x, count: d)
                for k in 0..<d { x[k] *= inv }
            }
        }
        return trial.recorder
    }
}
