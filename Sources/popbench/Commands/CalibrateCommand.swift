import ArgumentParser
import Foundation
import PopBenchCore
import PopBenchMPI
import PopBenchOptimization

/// `popbench calibrate --ranks N`: measures this machine's network (MPI ping-pong and one-sided
/// Get, 8 B to 8 MB, fitted alpha + m/beta with CIs) and compute time per gradient of each task,
/// and writes a network profile file.
struct CalibrateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calibrate",
        abstract: "Measure latency, bandwidth (MPI) and compute time per gradient; write a network profile.",
        discussion: """
        Runs mpirun -np RANKS of popbench's probe: ping-pong between ranks 0 and 1 and one-sided \
        lock/Get/unlock by every rank at once, message sizes 8 B to 8 MB; fits t = alpha + m/beta \
        (weighted least squares, 95% CIs) and times one gradient evaluation of each task. The \
        profile (JSON) feeds validate-model, and is a network file for the simulator (--network FILE).
        """)

    @Option(help: "MPI ranks (>= 2).") var ranks: Int = 2
    @Option(help: "Tasks whose compute time per gradient is measured, comma-separated.") var tasks: String = "mean,linreg,logreg,cnn"
    @Option(help: "The profile file to write.") var out: String = "results/network-profile.json"
    @Flag(help: "Overwrite an existing profile file.") var force = false
    @Flag(help: "Print the profile as one JSON object on stdout; human text goes to stderr.") var json = false

    func validate() throws {
        if ranks < 2 { throw ValidationError("--ranks: \(ranks) is not allowed; allowed: a whole number >= 2") }
    }

    func run() throws {
        let names = tasks.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) }
        for t in names where !OptimizationTasks.names.contains(t) {
            throw UsageError("--tasks: unknown task '\(t)'; allowed: \(OptimizationTasks.names.joined(separator: ", "))")
        }
        if FileManager.default.fileExists(atPath: out) && !force {
            throw UsageError("--out: \(out) already exists; pass --force to overwrite it")
        }
        let launcher = try MPILauncher(
            executable: Bundle.main.executablePath ?? CommandLine.arguments[0],
            scratch: FileManager.default.temporaryDirectory.appendingPathComponent("popbench-calibrate-\(getpid())"),
            extraArguments: ProcessInfo.processInfo.environment["POPBENCH_MPIRUN_ARGS"]?.split(separator: " ").map(String.init) ?? [])
        let profile = try Calibration.run(ranks: ranks, launcher: launcher, tasks: names) { CLI.say($0, json: true) }
        let url = URL(fileURLWithPath: out)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try JSON.prettyEncoder().encode(profile).write(to: url, options: .atomic)
        if json {
            try CLI.printJSON(profile)
        } else {
            print(Self.text(profile))
        }
        CLI.say("profile: \(out)", json: json)
    }

    static func text(_ p: CalibrationProfile) -> String {
        func s(_ x: Double) -> String { ReportFormatter.short(x) }
        var t = TextTable(["operation", "alpha (s) [95% CI]", "beta (bytes/s) [95% CI]", "R^2"])
        for (name, f) in [("ping-pong (one way)", p.pingPong), ("one-sided Get", p.get)] {
            t.add([name, "\(s(f.latency)) [\(s(f.latencyCI[0])), \(s(f.latencyCI[1]))]",
                   "\(s(f.bandwidth)) [\(s(f.bandwidthCI[0])), \(s(f.bandwidthCI[1]))]", s(f.r2)])
        }
        var c = TextTable(["task", "d", "s per gradient [95% CI]", "cost-model options"])
        for x in p.compute {
            let flags = p.costModelOverrides(task: x.task, dimension: x.dimension).sorted { $0.key < $1.key }
                .map { "--\($0.key) \($0.value)" }.joined(separator: " ")
            c.add([x.task, String(x.dimension), "\(s(x.seconds)) [\(s(x.ci[0])), \(s(x.ci[1]))]", flags])
        }
        let rma = "PopSGD's ranks exchange models by one-sided Get epochs: for it use --latency \(p.get.latency) --bandwidth \(p.get.bandwidth) (validate-model does)."
        return "\(p.ranks) ranks on \(p.machine.hostname) (\(p.machine.cores) cores)\n" + t.render() + "\n" + c.render() + "\n" + rma
    }
}
