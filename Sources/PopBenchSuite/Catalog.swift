import PopBenchCore
import PopBenchOptimization
import PopBenchProtocols

/// The one registry of popbench: every plugin and task of both families. Commands, figures and
/// measurements select the plugins they run from it by capability or family, never from lists of
/// names of their own; a plugin added to its family's catalog appears everywhere it applies.
public enum Catalog {
    /// Every plugin and task, built once.
    public static let registry = Registry([OptimizationFamily.catalog, ProtocolFamily.catalog])

    /// The descriptors of the plugins of `family`, in catalog order.
    public static func descriptors(_ family: PluginFamily, in registry: Registry = registry) -> [PluginDescriptor] {
        registry.plugins.map(\.descriptor).filter { $0.family == family }
    }

    /// The distributed optimization algorithms (a population of n nodes, not the sequential
    /// baseline) that run on `clock`, in catalog order: the algorithms of the throughput and
    /// wall-clock measurements.
    public static func distributedAlgorithms(on clock: Clock = .wall, in registry: Registry = registry) -> [String] {
        descriptors(.optimization, in: registry)
            .filter { $0.capabilities.distributed && $0.capabilities.clocks.contains(clock) }
            .map(\.name)
    }

    /// The plugin called `name` when it belongs to `family`; otherwise a usage error that lists
    /// the family's names.
    public static func plugin(named name: String, family: PluginFamily, in registry: Registry = registry,
                              field: String = "--algos") throws -> any Plugin {
        let names = descriptors(family, in: registry).map(\.name)
        let kind = family == .optimization ? "algorithm" : "protocol"
        guard let p = registry.plugins.first(where: { $0.descriptor.name == name }) else {
            throw UsageError("\(field): unknown \(kind) '\(name)'; known: \(names.joined(separator: ", "))")
        }
        guard p.descriptor.family == family else {
            throw UsageError("\(field): '\(name)' is a \(p.descriptor.family.rawValue) plugin, not \(family == .optimization ? "an" : "a") \(kind); allowed: \(names.joined(separator: ", "))")
        }
        return p
    }
}
