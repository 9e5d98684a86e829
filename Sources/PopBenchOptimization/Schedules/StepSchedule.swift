import PopBenchCore

/// The step-size schedule shared by every algorithm, with the same knobs for all of them.
///
/// With the task's strong-convexity constant `mu` and smoothness `L` (both 1 on mean estimation):
///
/// - `decay` (default): eta_t = min(lr-max / L, lr * k / (mu * (t + lr-offset))),
/// - `constant`: eta_t = lr / L,
///
/// where t counts the algorithm's own events (steps, rounds or interactions, starting at 0) and
/// k is the number of such events per gradient step of one node (1 for SGD and the synchronous
/// algorithms, n/2 for PopSGD, whose interactions each involve two of the n nodes). The decay
/// c/(t + a) with c = 1/mu is the classical rate of strongly convex SGD (Robbins-Monro;
/// Rakhlin, Shamir, Sridharan, ICML 2012), which on mean estimation with a = 1 and a cap of 1
/// makes the model the running mean of the samples. The factor k gives PopSGD eta_t =
/// min(1, n/(2t + 2)) on mean estimation (Nadiradze, Sabour, Alistarh, Sharma, Markov,
/// Aksenov, "PopSGD: Decentralized Stochastic Gradient Descent in the Population Model",
/// arXiv:1910.12308): an interaction moves the mean of the models by eta (g_i + g_j)/n,
/// so PopSGD's step is n/2 times SGD's per interaction, i.e. the same 1/s per node step s.
public struct StepSchedule: Sendable, Hashable {
    /// The shape of the schedule.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// eta_t = min(lr-max / L, lr k / (mu (t + lr-offset))).
        case decay
        /// eta_t = lr / L.
        case constant
    }

    public var kind: Kind
    /// `lr`: the scale c of the schedule (in units of 1/mu for decay, 1/L for constant).
    public var scale: Double
    /// `lr-offset`: a in c/(t + a), counted in the algorithm's events.
    public var offset: Double
    /// `lr-max`: the cap, in units of 1/L.
    public var cap: Double

    /// The parameters every algorithm declares, with identical defaults for all.
    public static let parameters: [ParameterSpec] = [
        .choice("lr-schedule", Kind.allCases.map(\.rawValue), default: "decay",
                help: "step-size schedule: decay = min(lr-max/L, lr*k/(mu*(t+lr-offset))), constant = lr/L"),
        .real("lr", default: 1, range: 0...1e9,
              help: "scale c of the schedule; 1 = the classical 1/(mu t) of strongly convex SGD"),
        .real("lr-offset", default: 1, range: 1e-9...1e15,
              help: "offset a in c/(t+a), in the algorithm's events; 1 = start at the cap"),
        .real("lr-max", default: 1, range: 0...1e9,
              help: "cap on the step in units of 1/L; 1 = the largest stable step 1/L"),
    ]

    public init(kind: Kind = .decay, scale: Double = 1, offset: Double = 1, cap: Double = 1) {
        self.kind = kind; self.scale = scale; self.offset = offset; self.cap = cap
    }

    /// Reads the schedule from a configuration holding `parameters`.
    public init(_ config: Configuration) throws {
        guard let kind = Kind(rawValue: config.string("lr-schedule")) else {
            throw UsageError("--lr-schedule: unknown value '\(config.string("lr-schedule"))'; allowed: decay, constant")
        }
        self.init(kind: kind, scale: config.double("lr"), offset: config.double("lr-offset"),
                  cap: config.double("lr-max"))
        for (name, v) in [("lr", scale), ("lr-offset", offset), ("lr-max", cap)] where !(v >= 0) || !v.isFinite {
            throw UsageError("--\(name): \(formatReal(v)) is out of range; allowed: a non-negative number")
        }
        if offset <= 0 { throw UsageError("--lr-offset: \(formatReal(offset)) is out of range; allowed: > 0") }
    }

    /// The schedule resolved for one task and one algorithm: eta(t) without branches on the kind.
    public func resolved(mu: Double, smoothness: Double, eventsPerStep k: Double) -> ResolvedSchedule {
        switch kind {
        case .decay:
            ResolvedSchedule(numerator: scale * k / mu, offset: offset, cap: cap / smoothness)
        case .constant:
            ResolvedSchedule(numerator: 0, offset: 1, cap: scale / smoothness, constant: true)
        }
    }
}
