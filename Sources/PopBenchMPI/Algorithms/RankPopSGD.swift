import CMPI
import PopBenchCore
import PopBenchOptimization

/// PopSGD as its reference MPI code runs it (Alistarh et al., SwarmSGD, NeurIPS 2020): each
/// rank exposes its model in an MPI window and loops on its own, without barriers: H local SGD
/// steps x_i <- x_i - eta g_i(x_i), then an interaction with a partner j drawn uniformly among
/// the other ranks.
///
/// - one-sided (`--averaging one-sided`, the default and the reference rule): the rank's window
///   holds its published copy p_i, not its model. It takes its H local steps on its private model
///   x_i (at 2 eta: the average keeps half of them, so each gradient moves the model by eta g, the
///   simulated rule's x_i = (x_i + p_j)/2 - eta g_i), publishes x_i into its window in one
///   exclusive epoch, then lock(shared) j's window, `MPI_Get` p_j, unlock, and averages privately,
///   x_i <- (x_i + p_j)/2. The published copy is not refreshed after the average: as in the
///   reference code, a partner reads the model after the last local step (the simulated rule's
///   published copy).
/// - symmetric (`--averaging symmetric`, the analyzed rule): lock both windows exclusively (in
///   rank order, so two interactions cannot deadlock), get x_j, and write (x_i + x_j)/2 to both.
///
/// A rank writes its own window only under an exclusive lock of it, so a reader never sees a
/// half-written model (without it reads can be torn; see notes/mpi-slurm.md). Under the
/// symmetric rule the gradient reads the rank's own model unlocked, so a partner's concurrent
/// Put can make it slightly stale (as in AD-PSGD). Caution: with OpenMPI 4.1's osc/rdma the
/// symmetric rule's two exclusive locks once hung at 4 ranks (one rank spinning in
/// MPI_Win_lock, one in MPI_Win_unlock) when the gradient was computed under the lock; the
/// launcher's timeout (POPBENCH_MPI_TIMEOUT) turns such a hang into an error.
///
/// Events are interactions, counted globally: rank r's k-th interaction has global index
/// k n + r, so a rank keeping pace initiates one per unit of parallel time (interactions / n),
/// and computes H gradients per interaction. Under the free schedule the ranks never wait for one
/// another between checkpoints (`RankTrial.driveFree`: segments by wall-clock time), so a slow
/// rank initiates fewer interactions than a fast one, as in the simulator. The step is eta_t = min(lr-max/L, lr k/(mu (t + a)))
/// with k = n/H: a node's s-th gradient step happens around global event t = s n / H, so this
/// is 1/(mu s) per node step, like every other algorithm. (The simulated rule counts two
/// gradient steps per interaction, both partners computing; here only the initiator does.)
///
/// Under `--mpi-schedule serial` the ranks take their interactions in global order, one at a
/// time (a token handed around the ring), so every read sees the partner's latest model and a
/// run is reproducible bit for bit.
struct RankPopSGD: RankAlgorithm {
    let h: Int
    let oneSided: Bool
    /// Whether the ranks run under the serial schedule.
    var serial = false

    func run<T: OptimizationTask>(_ task: T, setup: TrialSetup, world: MPIWorld) throws -> TrialRecorder {
        let n = world.size, r = world.rank
        var trial = try RankTrial(task: task, setup: setup, world: world, eventsPerUnit: Double(n),
                                  eventsPerStep: Double(n) / Double(h), gradsPerEvent: Double(h))
        let d = trial.d
        let x = rankBuffer(d), pub = rankBuffer(d), g = rankBuffer(d), partner = rankBuffer(d)
        defer { x.deallocate(); pub.deallocate(); g.deallocate(); partner.deallocate(); trial.deallocate() }
        task.initialModel(x)
        pub.update(from: x, count: d)
        // The window: the published copy under the one-sided rule, the model itself under the symmetric one.
        let exposed = oneSided ? pub : x
        var win: MPI_Win? = nil
        MPI_Win_create(exposed, MPI_Aint(d * MemoryLayout<Double>.stride), Int32(MemoryLayout<Double>.stride),
                       cmpi_info_null(), world.comm, &win)
        defer { world.barrier(); MPI_Win_free(&win) }
        world.barrier()
        let eta = trial.eta
        // This rank's interactions are the global events e = r (mod n). Every rank has finished
        // its part of a segment once the checkpoint's first collective returns, so no Get or Put
        // is in flight while the models are averaged.
        let interaction = { (e: Int, rng: inout Xoshiro256) in
            let step = eta.eta(e)
            if oneSided {
                // H local steps on the private model at 2 eta (the average keeps half of them,
                // so each gradient moves the model by eta g, as in the simulated rule), one
                // exclusive epoch publishes the result, the Get of p_j, then the private average.
                for _ in 0..<h {
                    task.gradient(node: r, at: x, into: g, rng: &rng)
                    for k in 0..<d { x[k] -= 2 * step * g[k] }
                }
                MPI_Win_lock(cmpi_lock_exclusive(), Int32(r), 0, win)
                pub.update(from: x, count: d)
                MPI_Win_unlock(Int32(r), win)
                let j = PopSGD.partner(of: r, n: n, &rng)
                MPI_Win_lock(cmpi_lock_shared(), Int32(j), 0, win)
                MPI_Get(partner, Int32(d), cmpi_double(), Int32(j), 0, Int32(d), cmpi_double(), win)
                MPI_Win_unlock(Int32(j), win)
                for k in 0..<d { x[k] = 0.5 * (x[k] + partner[k]) }
            } else {
                for _ in 0..<h {
                    task.gradient(node: r, at: x, into: g, rng: &rng)
                    MPI_Win_lock(cmpi_lock_exclusive(), Int32(r), 0, win)
                    for k in 0..<d { x[k] -= step * g[k] }
                    MPI_Win_unlock(Int32(r), win)
                }
                let j = PopSGD.partner(of: r, n: n, &rng)
                let (first, second) = r < j ? (r, j) : (j, r)
                MPI_Win_lock(cmpi_lock_exclusive(), Int32(first), 0, win)
                MPI_Win_lock(cmpi_lock_exclusive(), Int32(second), 0, win)
                MPI_Get(partner, Int32(d), cmpi_double(), Int32(j), 0, Int32(d), cmpi_double(), win)
                MPI_Win_flush(Int32(j), win)
                for k in 0..<d { let v = 0.5 * (x[k] + partner[k]); x[k] = v; partner[k] = v }
                MPI_Put(partner, Int32(d), cmpi_double(), Int32(j), 0, Int32(d), cmpi_double(), win)
                MPI_Win_unlock(Int32(second), win)
                MPI_Win_unlock(Int32(first), win)
            }
        }
        if serial {
            trial.drive(scoring: { UnsafePointer(x) }, owner: { $0 % n }) { e, rng in interaction(e, &rng) }
        } else {
            trial.driveFree(scoring: { UnsafePointer(x) }) { e, rng in interaction(e, &rng) }
        }
        return trial.recorder
    }
}
