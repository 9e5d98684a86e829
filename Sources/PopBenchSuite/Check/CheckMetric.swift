import PopBenchCore

/// What kind of quantity a check metric is, which decides how it is compared.
public enum CheckKind: String, Sendable, Codable, Hashable {
    /// A statistical quality (time to target, final error, accuracy, convergence time): compared
    /// by docs/design.md's decision rule, fails the check.
    case quality
    /// A speed, as a ratio to the calibration kernel timed in the same run: compared by the same
    /// rule, but only warns when `speedFails` is off (shared CI machines).
    case speed
    /// A deterministic count at fixed seeds (interactions): compared exactly.
    case exact
}

/// One metric of the regression suite: how to measure it and how much change is tolerated.
public struct CheckMetric: Sendable {
    /// Stable key in baselines, e.g. `quality/popsgd/mean/n64/time_to_target`.
    public var name: String
    public var kind: CheckKind
    public var direction: MetricDirection
    /// Relative change tolerated even when significant (0.10 = 10%).
    public var tolerance: Double
    public var unit: String
    /// Samples taken by a quick check and by a full check.
    public var quickSamples: Int
    public var fullSamples: Int
    /// Produces `samples` values with randomness derived from `seed` (ignored by exact metrics,
    /// which always use their own fixed seeds).
    public var measure: @Sendable (_ samples: Int, _ seed: UInt64, _ context: CheckContext) throws -> [Double]

    public init(name: String, kind: CheckKind, direction: MetricDirection, tolerance: Double, unit: String,
                quickSamples: Int, fullSamples: Int,
                measure: @escaping @Sendable (Int, UInt64, CheckContext) throws -> [Double]) {
        self.name = name; self.kind = kind; self.direction = direction; self.tolerance = tolerance
        self.unit = unit; self.quickSamples = quickSamples; self.fullSamples = fullSamples; self.measure = measure
    }
}

/// What a measurement may use: the plugin registry and the worker-thread count.
public struct CheckContext: Sendable {
    public var registry: Registry
    public var jobs: Int?
    public init(registry: Registry, jobs: Int?) { self.registry = registry; self.jobs = jobs }
}
