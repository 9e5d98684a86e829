import PopBenchCore

/// Memory and time of one optimization trial, estimated from its configuration alone (nothing
/// is built), so that `--nodes 1e9` or `--d 1e7 --nodes 1000` is refused with the estimate
/// instead of crashing in an allocation, and `--budget 1e300` instead of running forever.
///
/// Memory: about five model-sized buffers per node (models, gradients, the average, mixing and
/// send buffers), 8 bytes per coordinate, plus the data set (synthetic linreg: three copies of
/// samples x d). Time: gradient evaluations (budget x n x 2 x local steps, the most any
/// algorithm spends per unit of parallel time) times a cost per gradient of about 5 ns per
/// coordinate, or the CNN's 3 x 1.84 MFLOP per sample at 50 GFLOP/s. Both are upper-side
/// estimates meant to catch orders of magnitude, not to predict run times.
public enum OptimizationResources {
    /// The estimate for `setup`, or nil when its task is not an optimization task.
    public static func estimate(_ setup: TrialSetup) -> ResourceEstimate? {
        guard OptimizationTasks.names.contains(setup.task) else { return nil }
        let n = Double(max(setup.n, 1))
        let config = setup.config
        func number(_ name: String, _ fallback: Double) -> Double { config[name]?.doubleValue ?? fallback }
        var d: Double, dataBytes = 50e6, secondsPerGrad: Double
        var advice = "lower --nodes"
        switch setup.task {
        case "mean":
            d = number("d", 10)
            secondsPerGrad = 5e-9 * d
            advice = "lower --nodes or --d"
        case "linreg":
            let diabetes = config["data"]?.description == "diabetes"
            d = diabetes ? 11 : number("d", 50)
            if !diabetes { dataBytes += 3 * 8 * number("samples", 10_000) * (d + 2) }
            secondsPerGrad = 5e-9 * d
            advice = diabetes ? "lower --nodes" : "lower --nodes, --samples or --d"
        case "logreg":
            d = 31
            secondsPerGrad = 5e-9 * d
        default:  // the CNN: 9,930 parameters, 3 x 1.84 MFLOP per sample per step
            d = 9_930
            secondsPerGrad = number("batch", 32) * 3 * 1.84e6 / 50e9
        }
        let bytes = 5 * 8 * n * d + dataBytes
        // Per unit of parallel time: n x 2 x local steps gradients (the most any algorithm spends).
        return ResourceEstimate(bytes: bytes, memoryAdvice: advice, timeAdvice: "lower --budget (parallel time) or --nodes",
                                secondsPerUnit: n * 2 * max(1, number("h", 1)) * secondsPerGrad)
    }
}
