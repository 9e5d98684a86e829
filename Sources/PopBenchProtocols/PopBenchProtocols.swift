import PopBenchCore

/// The population-protocol family: its plugins, tasks and protocol-file loader.
public enum ProtocolFamily {
    /// The catalog's finite-state protocols, each a value of the one generic plugin. Adding a
    /// protocol is one file in `Catalog/` plus its line here.
    public static let protocols: [ProtocolPlugin] = [
        Epidemic.plugin,
        AM3.plugin,
        EM4.plugin,
        AVC.plugin,
        SplitJoin.plugin,
        PhasedMajority.plugin,
        BlockMajority.plugin,
        Doty21Majority.plugin,
        CancelSplit.plugin,
        LeaderTrivial.plugin,
        LeaderFast.plugin,
        LeaderMinion.plugin,
        JuntaLeader.plugin,
    ]

    /// Everything this family contributes to the registry: the protocols, then gossip
    /// averaging (real-valued, so not a finite-state protocol).
    public static let catalog = PluginCatalog(
        plugins: (protocols as [any Plugin]) + [Gossip()],
        tasks: ProtocolTasks.all,
        fileLoader: ProtocolFileLoader.loader,
        resourceEstimator: ProtocolResources.estimate)
}
