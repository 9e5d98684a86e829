import ArgumentParser
import Foundation
import PopBenchCore
import PopBenchOptimization
import PopBenchProtocols
import PopBenchSuite

/// The root command: `popbench list | describe | compare | run | protocol | ...`.
struct Popbench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "popbench",
        abstract: "Benchmark optimization by population: decentralized SGD and population protocols.",
        discussion: """
        Compare algorithms with honest statistics (CIs, tests, fits against predicted bounds), on \
        every clock (gradients per node, gradients, parallel time, bytes sent per node, simulated \
        wall clock). Results go to results/<run-id>/, plots to plots/<run-id>/.

        Examples:
          popbench list
          popbench describe popsgd
          popbench compare --algos sgd,popsgd --task mean --nodes 64 --trials 20
          popbench compare --algos epidemic --n 100,1000,10000,100000
        """,
        version: PopBench.version,
        subcommands: [ListCommand.self, DescribeCommand.self, CompareCommand.self, RunCommand.self,
                      ProtocolCommand.self, SweepCommand.self, ThroughputCommand.self, BenchCommand.self,
                      CheckCommand.self, ReportCommand.self, FiguresCommand.self, MergeCommand.self, CalibrateCommand.self, ValidateModelCommand.self,
                      MPIWorkerCommand.self, MPIProbeCommand.self]
    )
}

/// Shared helpers of the commands: the registry, error output.
enum CLI {
    /// Every plugin and task of both families (the one registry, `Catalog`).
    static var registry: Registry { Catalog.registry }

    /// A usage error's message with the population-size option spelled as the user typed it:
    /// `--n` and `--nodes` are one option, and the library names it `--n` (or `--nodes`).
    static func asTyped(_ message: String) -> String {
        if message.hasPrefix("--n:") && CommandLineWords.given("--nodes") { return "--nodes:" + message.dropFirst(4) }
        if message.hasPrefix("--nodes:") && CommandLineWords.given("--n") { return "--n:" + message.dropFirst(8) }
        return message
    }

    /// Prints a one-line error and exits: called only by the top level (main.swift).
    static func fail(_ message: String, code: Int32) -> Never {
        FileHandle.standardError.write("popbench: error: \(message)\n".data(using: .utf8)!)
        exit(code)
    }

    /// Human text: stdout normally, stderr when stdout carries JSON.
    static func say(_ text: String, json: Bool) {
        if json {
            FileHandle.standardError.write((text + "\n").data(using: .utf8)!)
        } else {
            print(text)
        }
    }

    /// Prints an Encodable as the one JSON object on stdout.
    static func printJSON<T: Encodable>(_ value: T) throws {
        let data = try JSON.prettyEncoder().encode(JSON.versioned(value))
        print(String(decoding: data, as: UTF8.self))
    }
}
