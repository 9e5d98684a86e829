import ArgumentParser
import PopBenchCore
import PopBenchMPI
import PopBenchProtocols

// Option values parsed by the argument parser from their raw names, so that a bad value is
// refused before `run` with the allowed names listed, and `--help` lists them.

/// `--clock`: node-steps, grads, parallel, wall or bytes.
extension Clock: ExpressibleByArgument {}

/// `--engine` of `bench protocols`: the exact engines it times against each other, agent or batch
/// (auto picks one of them; tau is approximate and has its own error table in the README).
extension EngineKind: ExpressibleByArgument {
    public static var allValueStrings: [String] { [EngineKind.agent, .batch].map(\.rawValue) }
}

/// `--mpi-schedule`: free or serial.
extension MPISchedule: ExpressibleByArgument {}
