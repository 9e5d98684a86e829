import PopBenchCore

/// The population-protocol family: its plugins, tasks and protocol-file loader.
public enum ProtocolFamily {
    /// Everything this family contributes to the registry.
    public static let catalog = PluginCatalog(
        plugins: [Epidemic(), AM3(), EM4(), AVC(), SplitJoin(), CancelSplit(), LeaderTrivial(), LeaderFast(), Gossip()],
        tasks: ProtocolTasks.all,
        fileLoader: FileProtocolPlugin.loader,
        resourceEstimator: ProtocolResources.estimate)
}
