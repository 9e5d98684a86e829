import ArgumentParser
import Foundation
import PopBenchCore
import PopBenchOptimization

// Before any work: when OpenBLAS fell back to a generic core on an AVX2/AVX-512 CPU, run again
// with a vectorized one (see BLASKernel; an OPENBLAS_CORETYPE already set is respected).
BLASKernel.relaunchIfGeneric()
// BLAS on one thread (trials run one per core); this also stops the worker threads OpenBLAS
// started when it loaded, which would spin on the other core for the first ~0.1 s of every command.
BLAS.ensureDefaultThreads()

// Exit codes CI can trust: 0 ok, 1 regression or failed check, 2 usage or input error,
// 3 missing baseline. Usage errors are one line, on stderr, before any work starts.
do {
    var command = try Popbench.parseAsRoot()
    try command.run()
} catch let error as UsageError {
    CLI.fail(CLI.asTyped(error.message), code: 2)
} catch let error as CommandFailure {
    CLI.fail(error.message, code: error.code)
} catch let error as ExitCode {
    exit(error.rawValue)
} catch {
    let code = Popbench.exitCode(for: error)
    if code == .success {
        print(Popbench.fullMessage(for: error))
        exit(0)
    }
    if code == .validationFailure {
        CLI.fail(CLI.asTyped(Popbench.message(for: error).replacingOccurrences(of: "\n", with: " ")) + " (see popbench help)", code: 2)
    }
    CLI.fail("\(error)", code: 1)
}
