import PopBenchCore

/// PopSGD: decentralized SGD in the population model (Nadiradze, Sabour, Alistarh, Sharma,
/// Markov, Aksenov, "PopSGD: Decentralized Stochastic Gradient Descent in the Population
/// Model", arXiv:1910.12308); local steps and quantization as in SwarmSGD (Nadiradze, Sabour,
/// Davies, Li, Alistarh, "Asynchronous Decentralized SGD with Quantized and Local Updates",
/// NeurIPS 2021).
///
/// Node i holds x_i. At each step the scheduler picks an ordered pair (i, j), i != j, uniformly
/// at random; each computes a stochastic gradient at its own model and both set
///
///     x_i = x_j = (x_i + x_j)/2 - eta_t (g_i + g_j)/2.
///
/// Parallel time = interactions / n; two gradients per interaction. Wall clock (`SymmetricRule`):
/// every node computes continuously; when node i finishes a gradient it picks j uniformly and
/// waits for j's gradient in progress (a rendezvous), then both exchange models (alpha + M/beta)
/// and restart. The pair is formed by the initiator's timing, the order of the updates is the
/// order of the exchange times.
///
/// Variants (SwarmSGD): `local-steps` H > 1 makes each of i and j take H local SGD steps on its
/// own model before the averaging (the H = 1 rule is exactly the one above); `quantize` b in
/// 1...32 exchanges models quantized: each node receives Q(x_partner - x_own), an unbiased
/// stochastic b-bit quantization scaled by the largest coordinate (d b/8 + 8 bytes on the wire),
/// and moves halfway along it. 0 (default) exchanges exact Float64 models.
///
/// `averaging one-sided` is the rule of the reference MPI implementation (ICLR-PopSGD/PopSGD,
/// `worker.py`): each node loops on its own, taking its H local step(s), publishing the result
/// (its published copy p_i), then reading a uniformly random partner's published copy with a
/// one-sided MPI Get (alpha + M/beta, later when a link is busy) and averaging privately,
///
///     x_i = (x_i + p_j)/2 - eta_t g_i     (H = 1; the partner is never interrupted),
///
/// one node's event per H gradients, in the order of the nodes' own finishing times. The
/// published copy is not refreshed after the average (the reference code publishes after the
/// local step only), so p_j is j's model before its own last average. With constant compute c
/// and free links the throughput is n H / (H c + alpha + M/beta). The mean model is not
/// preserved exactly: it moves by (p_j - x_i)/(2n) per interaction.
///
/// Default `one-sided`: the reference code's rule, which its experiments (accuracy and speed at
/// 16-64 nodes on Piz Daint) ran; a benchmark compares algorithms as their authors deploy them.
/// Where the peers follow their reference code is stated per plugin (SGP's graph and AD-PSGD's
/// exchange now do; AD-PSGD has no MPI version). `symmetric` is the idealization the paper
/// analyzes (both partners update, the mean model is preserved): the closed-form checks and the
/// theory figures F1, F2 and F7 pin it.
///
/// Default schedule eta_t = min(1/L, (n/2)/(mu (t + 1))) with t counting interactions: an
/// interaction moves the mean of the models by eta (g_i + g_j)/n, so PopSGD's step is n/2 times
/// SGD's per interaction, i.e. 1/(mu s) per node step s, like SGD. On mean estimation this is
/// min(1, n/(2t + 2)) and keeps the mean of the models close to the running mean of all samples.
public struct PopSGD: DecentralizedAlgorithm {
    public init() {}

    public var descriptor: PluginDescriptor {
        PluginDescriptor(
            name: "popsgd", family: .optimization,
            summary: "PopSGD: a node takes a gradient step and averages its model with a random partner's (population model)",
            reference: "G. Nadiradze, A. Sabour, D. Alistarh, A. Sharma, I. Markov, V. Aksenov, PopSGD: Decentralized Stochastic Gradient Descent in the Population Model, arXiv:1910.12308; local steps and quantization: G. Nadiradze, A. Sabour, P. Davies, S. Li, D. Alistarh, Asynchronous Decentralized SGD with Quantized and Local Updates (SwarmSGD), NeurIPS 2021",
            tasks: AlgorithmSupport.tasks,
            parameters: [
                .int("local-steps", default: 1, range: 1...1e6,
                     help: "H: local SGD steps of each partner before averaging (1 = the plain PopSGD rule)"),
                .int("quantize", default: 0, range: 0...32,
                     help: "bits per coordinate of exchanged models, 1...32; 0 = exact (no quantization)"),
                .choice("averaging", Averaging.Mode.allCases.map(\.rawValue), default: Averaging.Mode.oneSided.rawValue,
                        help: "one-sided: only the initiator averages, with the partner's last published model (the reference code, as deployed); symmetric: both partners step and take the average (the analyzed rule)"),
            ] + AlgorithmSupport.commonParameters,
            predictedBound: .inverse,
            notes: "Averaging: one-sided by default (initiator only, one gradient step per event, scale n/H "
                + "instead of n/(2H)), the rule the reference MPI code deploys and its experiments measured: a get "
                + "reads the partner's published copy (its model after its last local step, not refreshed after its "
                + "average); symmetric (both step, both average) is the rule the paper analyzes and the closed forms assume. "
                + "Under heavy-tailed compute (--compute lognormal) one-sided reads are e^(sigma^2)/2 compute times old: "
                + "linreg at n = 32 reaches the target up to sigma 1.5 and stalls from sigma 1.75 on (README, "
                + "\"PopSGD under stragglers\"); the symmetric rule reaches it at every sigma up to 2. "
                + "Default step eta_t = min(lr-max/L, lr (n/2)/(mu (t + lr-offset))), t = interactions, "
                + "lr = lr-offset = lr-max = 1: an interaction moves the mean model by eta (g_i+g_j)/n, so the "
                + "step is scaled by n/2 against SGD (the same 1/(mu s) per node step s); on mean estimation "
                + "min(1, n/(2t+2)). With H local steps the factor is n/(2H) (2H gradient steps per interaction).",
            minimumN: 2,
            capabilities: Capabilities(mpi: .init(rma: true, serialSchedule: true)))
    }

    public func validate(_ setup: TrialSetup) throws {
        try validateCommon(setup)
        _ = try AlgorithmSupport.int(setup.config, "local-steps", in: 1...1_000_000)
        let bits = setup.config.int("quantize")
        if bits != 0 && !(1...32).contains(bits) {
            throw UsageError("--quantize: \(bits) is out of range; allowed: 1...32 bits, or 0 for exact models")
        }
        _ = try Averaging.Mode(setup.config)
    }

    public func runTrial(_ setup: TrialSetup, rng: inout Xoshiro256, recorder: inout TrialRecorder) throws {
        try validate(setup)
        let n = setup.n, h = setup.config.int("local-steps"), bits = setup.config.int("quantize")
        if try Averaging.Mode(setup.config) == .oneSided {
            try TrialDriver.run(OneSidedRule(n: n, h: h, bits: bits), setup, plugin: self, rng: &rng, recorder: &recorder)
        } else {
            try TrialDriver.run(SymmetricRule(n: n, h: h, bits: bits), setup, plugin: self, rng: &rng, recorder: &recorder)
        }
    }

    /// What one exchange of a model costs: its bytes on the wire (d b/8 + 8 quantized, M exact)
    /// and its time alpha + bytes/beta.
    struct Wire {
        let bytes: Double
        let seconds: Double

        init(_ cost: CostModel, d: Int, bits: Int) {
            bytes = bits > 0 ? Double(d * bits) / 8 + 8 : cost.modelBytes
            seconds = cost.latency + bytes / cost.bandwidth
        }
    }

    /// The compute time of node i's H local steps: the sum of H compute draws.
    static func localWork(_ i: Int, h: Int, _ simulator: inout DeploymentSimulator) -> Double {
        var c = 0.0
        for _ in 0..<h { c += simulator.computeTime(i) }
        return c
    }

    /// A uniformly random partner j != i among n nodes (the simulated rules and the MPI ranks).
    @inlinable
    public static func partner(of i: Int, n: Int, _ rng: inout Xoshiro256) -> Int {
        let j = Int(rng.bounded(UInt64(n - 1)))
        return j >= i ? j + 1 : j
    }

    /// Unbiased stochastic quantization in place: with s = max_k |v_k| and L = max(1, 2^(b-1) - 1)
    /// levels per sign, v_k becomes s/L * sign(v_k) * floor(L |v_k| / s + U), U ~ U[0, 1), so that
    /// E[Q(v)] = v (Alistarh et al., QSGD, NeurIPS 2017).
    public static func quantize(_ v: UnsafeMutablePointer<Double>, d: Int, bits: Int, rng: inout Xoshiro256) {
        var s = 0.0
        for k in 0..<d { s = Swift.max(s, abs(v[k])) }
        guard s > 0 else { return }
        let levels = Double(Swift.max(1, (1 << (bits - 1)) - 1))
        let scale = levels / s, inv = s / levels
        for k in 0..<d {
            let a = abs(v[k]) * scale
            let q = (a + rng.uniform()).rounded(.down) * inv
            v[k] = v[k] < 0 ? -q : q
        }
    }

    /// The pairwise rule on raw models: x_i = x_j = (x_i + x_j)/2 - eta (g_i + g_j)/2.
    /// With eta = 0 it preserves the sum of the models (an invariant the tests check).
    @inlinable @inline(__always)
    public static func interact(_ xi: UnsafeMutablePointer<Double>, _ xj: UnsafeMutablePointer<Double>,
                                _ gi: UnsafePointer<Double>, _ gj: UnsafePointer<Double>, eta: Double, d: Int) {
        let h = 0.5 * eta
        for k in 0..<d {
            let v = 0.5 * (xi[k] + xj[k]) - h * (gi[k] + gj[k])
            xi[k] = v; xj[k] = v
        }
    }

    /// The one-sided average on raw models: x_i = (x_i + x_j)/2 - eta g_i; the partner's x_j is
    /// only read (it takes its own gradient steps at its own events).
    @inlinable @inline(__always)
    public static func averageOneSided(_ xi: UnsafeMutablePointer<Double>, from xj: UnsafePointer<Double>,
                                       _ gi: UnsafePointer<Double>, eta: Double, d: Int) {
        for k in 0..<d { xi[k] = 0.5 * (xi[k] + xj[k]) - eta * gi[k] }
    }
}
