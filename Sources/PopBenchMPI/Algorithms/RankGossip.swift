import CMPI
import PopBenchCore
import PopBenchOptimization

/// D-PSGD: every round each rank computes g_i at its own model, exchanges models with its
/// neighbours, and sets x_i <- W_ii x_i + sum_j W_ij x_j - eta_t g_i with the same Metropolis
/// weights as the simulated algorithm (Lian et al., NeurIPS 2017). On a ring of n >= 3 the
/// exchange is two `MPI_Sendrecv` shifts (right, then left), as in the reference code; on the
/// torus and the exponential graph it is `MPI_Irecv`/`MPI_Isend` to every neighbour and one
/// `MPI_Waitall` (deadlock-free on any symmetric graph). Rounds are events.
struct RankDPSGD: RankAlgorithm {
    let topology: Topology.Kind

    func run<T: OptimizationTask>(_ task: T, setup: TrialSetup, world: MPIWorld) throws -> TrialRecorder {
        let n = world.size, r = world.rank
        var trial = try RankTrial(rounds: task, setup: setup, world: world)
        let d = trial.d
        let graph = Topology(topology, n: n)
        let lo = graph.offsets[r], deg = graph.offsets[r + 1] - lo
        let peers = (0..<deg).map { graph.neighbors[lo + $0] }, weights = (0..<deg).map { graph.weights[lo + $0] }
        let selfWeight = graph.selfWeights[r]
        let x = rankBuffer(d), g = rankBuffer(d), inbox = rankBuffer(Swift.max(deg, 1) * d)
        let requests = UnsafeMutablePointer<MPI_Request?>.allocate(capacity: Swift.max(2 * deg, 1))
        defer { x.deallocate(); g.deallocate(); inbox.deallocate(); requests.deallocate(); trial.deallocate() }
        task.initialModel(x)
        let ringShift = topology == .ring && n >= 3
        let left = (r + n - 1) % n, right = (r + 1) % n
        // Inbox slots in neighbour order; for the ring, where the left and right models land.
        let leftSlot = peers.firstIndex(of: left) ?? 0, rightSlot = peers.firstIndex(of: right) ?? 0
        let eta = trial.eta
        trial.drive(scoring: { UnsafePointer(x) }) { t, rng in
            task.gradient(node: r, at: x, into: g, rng: &rng)
            if ringShift {
                world.sendRecv(x, to: right, inbox + leftSlot * d, from: left, count: d, tag: 0)
                world.sendRecv(x, to: left, inbox + rightSlot * d, from: right, count: d, tag: 1)
            } else {
                for e in 0..<deg { world.postRecv(inbox + e * d, from: peers[e], count: d, tag: 2, request: requests + e) }
                for e in 0..<deg { world.postSend(x, to: peers[e], count: d, tag: 2, request: requests + deg + e) }
                world.waitAll(requests, count: 2 * deg)
            }
            let step = eta.eta(t)
            for k in 0..<d {
                var v = selfWeight * x[k]
                for e in 0..<deg { v += weights[e] * inbox[e * d + k] }
                x[k] = v - step * g[k]
            }
        }
        return trial.recorder
    }
}

/// SGP: push-sum on the time-varying directed exponential graph (Assran et al., ICML 2019).
/// Rank i holds (x_i, w_i) and the de-biased model z_i = x_i / w_i; every round it takes
/// x_i <- x_i - eta_t g_i(z_i), keeps half of (x_i, w_i) and pushes the other half to
/// i + o_t (mod n), o_t from `SGP.offsets` (the reference code's +1, -1, +2, -2, ... by default,
/// as simulated), with a non-blocking `MPI_Isend`, receiving the in-peer's half with `MPI_Irecv`
/// (one peer per round, as in the reference code's 1-peer exponential graph). Without overlap
/// (OSGP is refused on MPI: `RankFactories.standard["sgp"]`).
struct RankSGP: RankAlgorithm {

    func run<T: OptimizationTask>(_ task: T, setup: TrialSetup, world: MPIWorld) throws -> TrialRecorder {
        let n = world.size, r = world.rank
        var trial = try RankTrial(rounds: task, setup: setup, world: world)
        let d = trial.d
        // Message: d numerator coordinates, then the weight.
        let x = rankBuffer(d + 1), out = rankBuffer(d + 1), inbox = rankBuffer(d + 1), z = rankBuffer(d), g = rankBuffer(d)
        let requests = UnsafeMutablePointer<MPI_Request?>.allocate(capacity: 2)
        defer {
            x.deallocate(); out.deallocate(); inbox.deallocate(); z.deallocate(); g.deallocate()
            requests.deallocate(); trial.deallocate()
        }
        task.initialModel(x)
        x[d] = 1
        let offsets = SGP.offsets(n: n, graph: try SGP.Graph(setup.config))
        /// z = x / w: the de-biased model, where gradients are taken and what is scored.
        func debias() -> UnsafePointer<Double> {
            let inv = 1 / x[d]
            for k in 0..<d { z[k] = x[k] * inv }
            return UnsafePointer(z)
        }
        let eta = trial.eta
        trial.drive(scoring: debias) { t, rng in
            task.gradient(node: r, at: debias(), into: g, rng: &rng)
            let e = eta.eta(t)
            for k in 0..<d { x[k] -= e * g[k] }
            for k in 0...d { x[k] *= 0.5; out[k] = x[k] }
            let hop = offsets[t % offsets.count]
            if hop != 0 {
                world.postRecv(inbox, from: (r - hop + n) % n, count: d + 1, tag: 3, request: requests)
                world.postSend(out, to: (r + hop) % n, count: d + 1, tag: 3, request: requests + 1)
                world.waitAll(requests, count: 2)
                for k in 0...d { x[k] += inbox[k] }
            } else {
                for k in 0...d { x[k] += out[k] }
            }
        }
        trial.recorder.outcome("weight-sum", world.allReduceSum(x[d]))
        return trial.recorder
    }
}
