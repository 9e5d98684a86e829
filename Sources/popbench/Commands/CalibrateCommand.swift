import ArgumentParser
import Foundation
import PopBenchCore
import PopBenchMPI
import PopBenchOptimization

/// `popbench calibrate --ranks 2,4`: measures this machine's network (MPI ping-pong, one-sided
/// Get and each communication pattern of the rank algorithms, 8 B to 8 MB, fitted alpha + m/beta
/// with CIs) and compute time per gradient of each task, and writes a network profile file.
struct CalibrateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calibrate",
        abstract: "Measure latency, bandwidth (MPI) and compute time per gradient; write a network profile.",
        discussion: """
        For each number of ranks, runs mpirun -np RANKS of popbench's probe: ping-pong between \
        ranks 0 and 1, one-sided lock/Get/unlock by every rank at once, and each communication \
        pattern the MPI algorithms call (all-reduce; Irecv/Isend/Waitall exchange; two Sendrecv \
        ring shifts; PopSGD's publish + Get), every rank taking part, message sizes 8 B to 8 MB; \
        fits t = alpha + m/beta (weighted least squares, 95% CIs) and times one gradient \
        evaluation of each task with every rank computing at once, and in this process alone. \
        The profile (JSON) feeds validate-model, which prices each algorithm by its pattern; \
        its ping-pong fit (first number of ranks) makes it a network file for the simulator \
        (--network FILE).
        """)

    @Option(help: "Numbers of MPI ranks to measure, a list (each >= 2; validate-model needs the ones it runs).") var ranks: String = "2,4"
    @Option(help: "Tasks whose compute time per gradient is measured, comma-separated.") var tasks: String = "mean,linreg,logreg,cnn"
    @Option(help: "The profile file to write.") var out: String = "results/network-profile.json"
    @Flag(help: "A rough profile in under a minute, even on a loaded machine (8 B to 32 KiB, 20 repetitions, short compute batches): for tests and a first look, not for validate-model's verdict.") var quick = false
    @Flag(help: "Overwrite an existing profile file.") var force = false
    @Flag(help: "Print the profile as one JSON object on stdout; human text goes to stderr.") var json = false

    func run() throws {
        let sizes = try NumberList.sizes(ranks, field: "--ranks")
        for k in sizes where k < 2 { throw UsageError("--ranks: \(k) is not allowed; allowed: whole numbers >= 2") }
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
        let profile = try Calibration.run(ranks: sizes, launcher: launcher, tasks: names, quick: quick) { CLI.say($0, json: true) }
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
        var c = TextTable(["task", "d", "s per step, this process [95% CI]", "cost-model options"])
        for x in p.compute {
            let flags = p.costModelOverrides(task: x.task, dimension: x.dimension).sorted { $0.key < $1.key }
                .map { "--\($0.key) \($0.value)" }.joined(separator: " ")
            c.add([x.task, String(x.dimension), "\(s(x.seconds)) [\(s(x.ci[0])), \(s(x.ci[1]))]", flags])
        }
        var out = "\(p.ranks) ranks on \(p.machine.hostname) (\(p.machine.cores) cores)\n" + t.render() + "\n" + c.render()
        for d in p.deployments ?? [] {
            var pt = TextTable(["\(d.ranks) ranks: pattern", "alpha (s) [95% CI]", "beta (bytes/s) [95% CI]", "R^2"])
            for pattern in CommunicationPattern.allCases {
                guard let f = d.patterns[pattern.rawValue] else { continue }
                pt.add([pattern.label, "\(s(f.latency)) [\(s(f.latencyCI[0])), \(s(f.latencyCI[1]))]",
                        "\(s(f.bandwidth)) [\(s(f.bandwidthCI[0])), \(s(f.bandwidthCI[1]))]", s(f.r2)])
            }
            var ct = TextTable(["\(d.ranks) ranks: task", "s per step after a call, every rank busy [95% CI]", "back to back"]
                               + CommunicationPattern.allCases.map { "\($0.rawValue) at 8d B after a step (wait) (s)" })
            for c in d.compute {
                ct.add([c.task, "\(s(c.seconds)) [\(s(c.ci[0])), \(s(c.ci[1]))]", c.backToBack.map(s) ?? "-"]
                       + CommunicationPattern.allCases.map { p in
                           let call = c.calls?[p.rawValue].map(s) ?? "-", wait = c.waits?[p.rawValue].map(s) ?? "-"
                           return "\(call) (\(wait))"
                       })
            }
            out += "\n" + pt.render() + "\n" + ct.render()
        }
        return out
    }
}
