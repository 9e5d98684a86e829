import ArgumentParser
import PopBenchCore

/// The options every trial-running command shares (compare, run, sweep, protocol, throughput,
/// bench protocols): one spelling, one check and one error text for each. A command that has a
/// default of its own for `--trials` or `--n` passes it where it reads the value.
struct CommonOptions: ParsableArguments {
    @Option(name: [.customLong("n"), .customLong("nodes")],
            help: "Population sizes (agents or nodes): a list 2,4,8, powers 1e3,1e6, a doubling range 2..512, or a stepped range 10..50+10 (default: 64; sweep: 2..64; throughput: 16,32,64; bench protocols: its fixed grid).")
    var sizes: String?

    @Option(help: "Trials per algorithm and n (>= 1; default: 10; throughput: 5; bench protocols: 3).")
    var trials: Int?

    @Option(help: "Master seed; every trial's seed derives from it.") var seed: UInt64 = 1

    @Option(name: .customLong("run-id"), help: "Name of the run directory under results/ (throughput: under plots/; default: <command>-<UTC time>).")
    var runID: String?

    @Flag(help: "Print one JSON object on stdout; human text goes to stderr.") var json = false

    func validate() throws {
        if let t = trials, t < 1 { throw ValidationError("--trials: \(t) is not allowed; allowed: a whole number >= 1") }
    }

    /// `--trials`, or the command's default.
    func trials(default value: Int) -> Int { trials ?? value }

    /// The option name the user typed for the sizes (`--nodes` or `--n`), for error messages.
    static var sizesField: String { CommandLineWords.given("--nodes") ? "--nodes" : "--n" }

    /// `--n` parsed (a list, powers or a range), or `text` when it is not given.
    func sizes(default text: String) throws -> [Int] {
        try NumberList.sizes(sizes ?? text, field: Self.sizesField)
    }
}
