import PopBenchCore

/// The decentralized-optimization family: its algorithms and tasks.
public enum OptimizationFamily {
    /// Everything this family contributes to the registry.
    public static let catalog = PluginCatalog(
        plugins: [SGD(), PopSGD(), PSGD(), LocalSGD(), DPSGD(), ADPSGD(), SGP()],
        tasks: OptimizationTasks.descriptors,
        resourceEstimator: OptimizationResources.estimate)
}
