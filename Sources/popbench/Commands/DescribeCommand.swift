import ArgumentParser
import PopBenchCore

/// `popbench describe NAME`: a plugin's or task's parameters, reference and predicted bound.
struct DescribeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "describe", abstract: "Describe an algorithm, protocol or task.")

    @Argument(help: "A plugin or task name (see popbench list).") var name: String

    func run() throws {
        let registry = CLI.registry
        if let plugin = registry.plugins.first(where: { $0.descriptor.name == name }) {
            let d = plugin.descriptor
            print("\(d.name) (\(d.family.rawValue)): \(d.summary)")
            print("reference: \(d.reference)")
            print("tasks: \(d.tasks.joined(separator: ", "))")
            if let b = d.predictedBound { print("predicted bound: time ~ \(b.formula) in n") }
            if d.minimumN > 1 { print("needs n >= \(d.minimumN)") }
            print("runs on: \(Self.backends(d.capabilities)); clocks: \(d.capabilities.clocks.map(\.rawValue).joined(separator: ", "))")
            if !d.notes.isEmpty { print("\n" + d.notes) }
            print("\nparameters:\n" + table(d.parameters))
            for task in d.tasks.compactMap({ t in registry.tasks.first { $0.name == t } }) where !task.parameters.isEmpty {
                print("\nparameters of task \(task.name):\n" + table(task.parameters))
            }
        } else if let task = registry.tasks.first(where: { $0.name == name }) {
            print("task \(task.name) (\(task.family.rawValue)): \(task.summary)")
            if !task.metrics.isEmpty {
                print("metrics: " + task.metrics.map { "\($0.name) (\($0.help))" }.joined(separator: "; "))
            }
            if let p = task.primaryMetric {
                print("time to target is measured on: \(p), by default on nodes-mean (the mean over nodes of each node's own \(p); --metric avg|nodes-mean|nodes-worst)")
                print("default target: \(DescribeCommand.targetRule(task.name))")
            }
            let runners = registry.plugins.filter { $0.descriptor.tasks.contains(task.name) }.map(\.descriptor.name)
            print("plugins: \(runners.joined(separator: ", "))")
            print("\nparameters:\n" + table(task.parameters))
        } else {
            throw UsageError("describe: unknown name '\(name)'; known: \((registry.pluginNames + registry.taskNames).joined(separator: ", "))")
        }
    }

    /// The backends of a plugin in words, with its MPI exchange or why it has none.
    static func backends(_ c: Capabilities) -> String {
        var parts = ["simulated" + (c.overlap ? " (--overlap available)" : "")]
        if let mpi = c.mpi {
            parts.append("MPI (" + (mpi.rma ? "one-sided RMA epochs" : "two-sided messages and collectives")
                         + (mpi.serialSchedule ? "; --mpi-schedule serial available" : "") + ")")
        } else if let why = c.noMPIReason {
            parts.append("not MPI: \(why)")
        }
        return parts.joined(separator: "; ")
    }

    private func table(_ specs: [ParameterSpec]) -> String {
        if specs.isEmpty { return "  (none)" }
        var t = TextTable(["option", "type", "default", "allowed", "help"])
        for s in specs { t.add(["--\(s.name)", s.kind.displayName, s.defaultValue.description, s.allowedDescription, s.help]) }
        return t.render()
    }

    /// Why the default target is where it is (the rule of `OptimizationTasks.referenceSteps`).
    static func targetRule(_ task: String) -> String {
        if task == "cnn" { return "97% test accuracy (non-convex: no noise-regime rule applies)" }
        let rule = "sequential SGD's mean error after K = clamp(3.125 H (1 + omega) max(2 n kappa, n^2), 1e3, 1e5) steps, "
            + "with kappa = L/mu (SGD's bias phase, which no number of nodes shortens), n^2 the nodes' disagreement "
            + "(at the target it is n^2/K of the noise a node's own model sees), n the run's largest population size, "
            + "H the local steps (--local-steps; they multiply the gradients the transient costs) and omega = min(d/s^2, sqrt(d)/s), "
            + "s = 2^(b-1) - 1, for b-bit --quantize (the quantizer's variance slows consensus); the most demanding plugin's default holds for all"
        if task == "mean" {
            return rule + "; closed form (sigma^2 + zeta_hat^2) d / K, zeta_hat^2 the spread of the node offsets (--heterogeneity), which SGD sees as noise"
        }
        return rule + "; the mean over 16 reference runs"
    }
}
