import ArgumentParser
import PopBenchCore
import PopBenchProtocols

// Option values parsed by the argument parser from their raw names, so that a bad value is
// refused before `run` with the allowed names listed, and `--help` lists them.

/// `--clock`: node-steps, grads, parallel, wall or bytes.
extension Clock: ExpressibleByArgument {}

/// `--engine` of `bench protocols`: agent or batch (auto is refused there: it picks one of them).
extension EngineKind: ExpressibleByArgument {}
