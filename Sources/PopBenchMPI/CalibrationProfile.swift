import Foundation
import PopBenchCore
import PopBenchOptimization

/// A measured network and compute profile of this machine, as `popbench calibrate` writes it
/// (JSON, `format` = `popbench-network-profile/1`) and `validate-model` reads it.
///
/// Fields: `ping_pong`, the fit t(m) = alpha + m/beta (`latency` alpha in s, `bandwidth` beta in
/// bytes/s, 95% CIs, R^2, per-size medians) to the ping-pong one-way times; `one_sided_get`, the
/// same for a lock/Get/unlock epoch; `compute` (s per gradient evaluation) per task, with CIs,
/// timed in the calibrating process alone; `deployments`, per number of ranks, the fit of each
/// `CommunicationPattern` timed on the ranks and the compute time with every rank busy (what
/// `validate-model` prices the algorithms by).
/// The top-level `name`, `latency`, `bandwidth` and `source` (the ping-pong fit) make the same
/// file a network profile that the simulator's `--network FILE` reads.
public struct CalibrationProfile: Sendable, Codable {
    /// One fitted law t(m) = alpha + m / beta.
    public struct Fit: Sendable, Codable {
        public var latency: Double
        public var latencyCI: [Double]
        public var bandwidth: Double
        public var bandwidthCI: [Double]
        public var r2: Double
        /// Per message size: bytes, median seconds, mean seconds (where the fit is to the means),
        /// repetitions.
        public var sizes: [Int]
        public var medians: [Double]
        public var means: [Double]? = nil
        public var repetitions: [Int]

        enum CodingKeys: String, CodingKey {
            case latency, bandwidth, r2, sizes, medians, means, repetitions
            case latencyCI = "latency_ci", bandwidthCI = "bandwidth_ci"
        }
    }

    /// Seconds per SGD step (gradient evaluation and update) of one task at the default configuration.
    public struct Compute: Sendable, Codable {
        public var task: String
        public var dimension: Int
        public var seconds: Double
        public var ci: [Double]
        /// Measured on the ranks only: per `CommunicationPattern` (raw value), the seconds a call
        /// at the task's model size takes longer right after a step than back to back (the ranks
        /// wait for one another and for progress; mean over ranks); nil in the in-process
        /// measurement.
        public var waits: [String: Double]? = nil
        /// Measured on the ranks only: per `CommunicationPattern` (raw value), seconds per call at
        /// the task's model size (8 d bytes) right after a step, every rank busy (mean over
        /// ranks): what one event of a run pays, waits included. The pattern's fit over 8 B...8 MB
        /// misses it where MPI changes protocol (eager to rendezvous, shared-memory fragments):
        /// on 4 ranks of this 2-core machine an all-reduce of 512 B took 8.4e-6 s where the fit
        /// said 5.2e-6. Nil in profiles before 5 December 2026 (then: fit + wait).
        public var calls: [String: Double]? = nil
        /// Measured on the ranks only: seconds per step back to back (no MPI call between), every
        /// rank busy; nil in the in-process measurement and in profiles before 5 December 2026.
        public var backToBack: Double? = nil

        enum CodingKeys: String, CodingKey {
            case task, dimension, seconds, ci, waits, calls
            case backToBack = "back_to_back"
        }
    }

    public var format = "popbench-network-profile/2"
    /// The simulator's view (`--network FILE`): the ping-pong fit's alpha and beta.
    public var name = "calibrated"
    public var latency: Double = 0
    public var bandwidth: Double = 1
    public var source = ""
    public var ranks: Int
    public var machine: Machine
    public var created: String
    public var pingPong: Fit
    public var get: Fit
    public var compute: [Compute]
    /// Measured on the ranks, one entry per number of ranks calibrated (absent in profiles of
    /// format 1).
    public var deployments: [Deployment]? = nil
    /// What `validate-model` measured with this profile: measured / predicted throughput per
    /// algorithm and ranks (absent until a validation ran).
    public var validation: [Validation]? = nil

    /// What one number of ranks measured: each communication pattern's fit t(m) = alpha + m/beta
    /// (m the bytes of one message), and seconds per gradient with every rank computing.
    public struct Deployment: Sendable, Codable {
        public var ranks: Int
        /// By `CommunicationPattern` raw value.
        public var patterns: [String: Fit]
        public var compute: [Compute]

        /// Cost-model overrides that price an algorithm of `pricing` on `task` at this number of
        /// ranks: one event of its pattern costs the call measured at the task's model size
        /// (`callCost`; `Pricing.costModelOverrides` spreads it over the cost model's terms), the
        /// compute time per step measured with every rank busy (`Pricing.computeTime`: after a
        /// call, or back to back between calls), and 8 d bytes per model; nil when the task or the
        /// pattern was not measured.
        public func costModelOverrides(task: String, pricing: Pricing?) -> [String: String]? {
            guard let c = compute.first(where: { $0.task == task }) else { return nil }
            let step = pricing?.computeTime(afterCall: c.seconds, backToBack: c.backToBack) ?? c.seconds
            var o = ["compute-time": "\(step)", "model-bytes": "\(8 * c.dimension)"]
            if let pricing {
                guard let cost = callCost(task: task, pricing: pricing) else { return nil }
                o.merge(pricing.costModelOverrides(latency: cost.alpha, bandwidth: cost.beta, n: ranks)) { _, v in v }
            }
            return o
        }

        /// One call of `pricing`'s pattern on `task` as t = alpha + M / beta at the task's model
        /// size M = 8 d: beta from the pattern's fit, alpha so that t is the call measured at M
        /// right after a step (`Compute.calls`; the fit's alpha plus the wait in older profiles);
        /// `wait`, the part of alpha the ranks spent waiting. Nil when the task or the pattern
        /// was not measured.
        public func callCost(task: String, pricing: Pricing) -> (alpha: Double, beta: Double, wait: Double)? {
            let key = pricing.pattern.rawValue
            guard let fit = patterns[key], let c = compute.first(where: { $0.task == task }) else { return nil }
            let bytes = Double(8 * c.dimension), call = c.calls?[key], wait = max(c.waits?[key] ?? 0, 0)
            let beta = Self.usableBandwidth(fit.bandwidth, bytes: bytes, call: call)
            let alpha = call.map { max($0 - bytes / beta, 0) } ?? max(fit.latency, 0) + wait
            return (alpha, beta, min(wait, alpha))
        }

        /// Bytes per second taken when a pattern's fit gives no usable bandwidth: the cost model's
        /// bandwidth term is then negligible (8 KB in 1e-10 s) and the latency term carries the
        /// measured call; within the cost model's range (at most 1e15) after an all-reduce's
        /// scaling by 2(n-1)/n < 2.
        public static let unresolvedBandwidth = 1e14

        /// The fit's bandwidth where it can describe a call of `bytes` that took `call` seconds:
        /// finite, at least 1 byte per second (the cost model's floor) and with bytes / beta not
        /// above the call; else `unresolvedBandwidth`. A weighted fit over 8 B to 8 MB on a loaded
        /// machine can come out with a slope <= 0 (bandwidth <= 0); clamping it to 1 B/s priced
        /// an 800-byte model at 800 s per event, where the call measured about a microsecond.
        static func usableBandwidth(_ fitted: Double, bytes: Double, call: Double?) -> Double {
            guard fitted.isFinite, fitted >= 1 else { return unresolvedBandwidth }
            if let call, bytes / fitted > call { return unresolvedBandwidth }
            return min(fitted, unresolvedBandwidth)
        }

        /// The share of the pattern's per-event latency that is the wait after a step, for
        /// `validate-model`'s cost-term table; nil when the task or the pattern was not measured.
        public func waitFraction(task: String, pricing: Pricing) -> Double? {
            guard let cost = callCost(task: task, pricing: pricing), compute.first(where: { $0.task == task })?.waits != nil else { return nil }
            return cost.alpha > 0 ? cost.wait / cost.alpha : 0
        }
    }

    /// The deployment of `ranks` ranks, or a one-line error saying how to measure it.
    public func deployment(ranks: Int, path: String) throws -> Deployment {
        guard let d = deployments?.first(where: { $0.ranks == ranks }) else {
            let have = deployments?.map { String($0.ranks) }.joined(separator: ",") ?? "none"
            throw UsageError("--ranks: \(ranks) ranks were not calibrated in \(path) (calibrated: \(have)); allowed: those, or rerun popbench calibrate --ranks \(ranks) --force")
        }
        return d
    }

    /// One algorithm's validation at one number of ranks.
    public struct Validation: Sendable, Codable, Hashable {
        public var plugin: String
        public var ranks: Int
        /// measured / predicted samples per second.
        public var ratio: Double
        /// When it was measured, and the load average (1 min) at the start.
        public var created: String
        public var load: Double?
        /// measured / predicted with the cell priced by its launch's own timing of the pattern
        /// (`InLaunchProbe`); nil in validations before 5 December 2026.
        public var inLaunchRatio: Double? = nil

        enum CodingKeys: String, CodingKey {
            case plugin, ranks, ratio, created, load
            case inLaunchRatio = "in_launch_ratio"
        }

        public init(plugin: String, ranks: Int, ratio: Double, created: String, load: Double?, inLaunchRatio: Double? = nil) {
            self.plugin = plugin; self.ranks = ranks; self.ratio = ratio; self.created = created; self.load = load
            self.inLaunchRatio = inLaunchRatio
        }
    }

    enum CodingKeys: String, CodingKey {
        case format, name, latency, bandwidth, source, ranks, machine, created, compute, validation, deployments
        case pingPong = "ping_pong", get = "one_sided_get"
    }

    public init(ranks: Int, machine: Machine, created: String, pingPong: Fit, get: Fit, compute: [Compute],
                deployments: [Deployment]? = nil) {
        self.ranks = ranks; self.machine = machine; self.created = created
        self.pingPong = pingPong; self.get = get; self.compute = compute; self.deployments = deployments
        latency = Swift.max(pingPong.latency, 0)
        bandwidth = Swift.max(pingPong.bandwidth, 1)
        source = "popbench calibrate: MPI ping-pong over \(ranks) ranks on \(machine.hostname), \(created)"
    }

    /// The compute time of `task`, or nil when it was not measured.
    public func computeTime(task: String) -> Double? { compute.first { $0.task == task }?.seconds }

    /// Cost-model overrides that make the simulator use this profile's ping-pong fit for `task`
    /// with models of `dimension` Float64 coordinates (the MPI backend sends 8 d bytes per model).
    public func costModelOverrides(task: String, dimension: Int) -> [String: String] {
        var o = ["latency": "\(Swift.max(pingPong.latency, 0))", "bandwidth": "\(Swift.max(pingPong.bandwidth, 1))",
                 "model-bytes": "\(8 * dimension)"]
        if let c = computeTime(task: task) { o["compute-time"] = "\(c)" }
        return o
    }

    /// The line `compare --clock wall` prints about the costs it used: the network profile
    /// (`overrides["network"]`, a preset or a file) or the explicit values, or the defaults; and,
    /// when the profile file carries a validation (`validate-model`), its measured / predicted
    /// throughput ratios (and, in parentheses, those priced by the runs' own call timings: the
    /// model alone, without the host's drift since calibration).
    public static func wallClockProvenance(_ overrides: [String: String]) -> String {
        let explicit = ["latency", "bandwidth", "compute-time", "model-bytes"].filter { overrides[$0] != nil }
            .map { "--\($0) \(overrides[$0]!)" }
        let given = explicit.isEmpty ? "" : "; given explicitly: " + explicit.joined(separator: " ")
        guard let network = overrides["network"] else {
            return "wall clock: simulated with the default costs (the 10gbe preset's latency and bandwidth, 1 ms per gradient)\(given); "
                + "no validation against real runs (calibrate with popbench calibrate, check with popbench validate-model, pass --network FILE)"
        }
        if let preset = NetworkProfile.presets.first(where: { $0.name == network }) {
            return "wall clock: simulated with the network preset \(preset.name) (\(preset.source))\(given); a preset is not a measurement: no validation ratio"
        }
        guard let profile = try? read(network) else {
            return "wall clock: simulated with the network profile file \(network)\(given); not a popbench calibrate profile: no validation ratio"
        }
        var line = "wall clock: simulated with the calibrated profile \(network) (\(profile.source))\(given); "
        if let v = profile.validation, !v.isEmpty {
            let parts = v.sorted { ($0.ranks, $0.plugin) < ($1.ranks, $1.plugin) }
                .map { "\($0.plugin)@\($0.ranks) \(ReportFormatter.short($0.ratio))" + ($0.inLaunchRatio.map { " (in-launch \(ReportFormatter.short($0)))" } ?? "") }
            let created = v.map(\.created).max() ?? ""
            line += "validate-model measured/predicted throughput: " + parts.joined(separator: ", ") + " (\(created))"
        } else {
            line += "not validated yet (popbench validate-model --profile \(network) records the ratios in it)"
        }
        return line
    }

    /// Reads a profile file, naming the field on error.
    public static func read(_ path: String) throws -> CalibrationProfile {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw UsageError("--profile: cannot read '\(path)'; allowed: a file written by popbench calibrate")
        }
        do { return try JSON.decoder().decode(CalibrationProfile.self, from: data) } catch {
            throw UsageError("--profile: '\(path)' is not a popbench network profile (\(error))")
        }
    }
}
