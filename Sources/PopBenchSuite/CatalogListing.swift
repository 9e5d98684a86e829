import PopBenchCore

/// The tables of `popbench list`, generated from a registry's declarations: a plugin added to
/// its family's catalog is listed with no other change.
public enum CatalogListing {
    /// Every plugin: name, family, tasks, backends, summary (optimization first, then protocols,
    /// by name).
    public static func pluginTable(_ registry: Registry = Catalog.registry) -> String {
        let plugins = registry.plugins.map(\.descriptor).sorted { ($0.family.rawValue, $0.name) < ($1.family.rawValue, $1.name) }
        var t = TextTable(["name", "family", "tasks", "runs on", "summary"])
        for d in plugins {
            t.add([d.name, d.family.rawValue, d.tasks.joined(separator: ","), backends(d.capabilities), d.summary])
        }
        return t.render()
    }

    /// Every task: name, family, summary.
    public static func taskTable(_ registry: Registry = Catalog.registry) -> String {
        var t = TextTable(["task", "family", "summary"])
        for d in registry.tasks.sorted(by: { $0.name < $1.name }) { t.add([d.name, d.family.rawValue, d.summary]) }
        return t.render()
    }

    /// `sim`, `sim,mpi`: the backends a plugin runs on.
    static func backends(_ c: Capabilities) -> String {
        Capabilities.Backend.allCases.filter { c.backends.contains($0) }
            .map { $0 == .simulated ? "sim" : $0.rawValue }.joined(separator: ",")
    }
}
