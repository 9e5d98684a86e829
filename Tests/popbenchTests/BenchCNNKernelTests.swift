import Foundation
import Testing
import PopBenchOptimization
import PopBenchTestSupport

/// `bench cnn` under the OpenBLAS core popbench would run: its sgemm and gradient self-checks
/// pass under every core popbench may choose on this CPU, and the re-execution path works.
@Suite struct BenchCNNKernelTests {
    /// Runs `popbench args` with `extra` added to (and `removed` taken from) the environment.
    func popbench(_ args: [String], extra: [String: String] = [:], removed: [String] = []) throws -> CLIRunner.Result {
        let p = Process()
        p.executableURL = CLIRunner.executable
        p.arguments = args
        var env = ProcessInfo.processInfo.environment
        for k in removed { env[k] = nil }
        env.merge(extra) { $1 }
        p.environment = env
        let out = Pipe(), err = Pipe()
        p.standardOutput = out; p.standardError = err
        try p.run()
        let o = out.fileHandleForReading.readDataToEndOfFile(), e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return CLIRunner.Result(status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self),
                                stderr: String(decoding: e, as: UTF8.self))
    }

    @Test func selfCheckPassesUnderTheLoadedCore() throws {
        let r = try popbench(["bench", "cnn", "--self-check"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("OpenBLAS core: "))
        #expect(r.stdout.contains("self-check: sgemm matches"))
    }

    /// Every core `BLASKernel.choose` may pick on this CPU, forced through OPENBLAS_CORETYPE.
    /// Skipped where the environment already sets OPENBLAS_CORETYPE (that value is never changed).
    @Test func selfCheckPassesUnderEveryCoreThatMayBeChosenHere() throws {
        guard ProcessInfo.processInfo.environment[BLASKernel.coreTypeVariable] == nil else { return }
        for core in BLASKernel.candidates(for: .current()) {
            let r = try popbench(["bench", "cnn", "--self-check"], extra: [BLASKernel.coreTypeVariable: core])
            #expect(r.status == 0, "\(core): \(r.stderr)")
            #expect(r.stdout.contains("OPENBLAS_CORETYPE=\(core) set in the environment"), "\(r.stdout)")
        }
    }

    /// Pretending OpenBLAS loaded the generic Prescott core: on an AVX2/AVX-512 CPU popbench
    /// re-executes itself with the chosen core, same arguments, and says so.
    @Test func aGenericCoreIsReplacedByReexecution() throws {
        guard ProcessInfo.processInfo.environment[BLASKernel.coreTypeVariable] == nil,
              let expected = BLASKernel.candidates(for: .current()).last else { return }
        let r = try popbench(["bench", "cnn", "--self-check"], extra: [BLASKernel.pretendVariable: "Prescott"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("OPENBLAS_CORETYPE=\(expected) chosen by popbench"), "\(r.stdout)")
        #expect(r.stdout.components(separatedBy: "OpenBLAS core:").count == 2)  // printed once: one run of the command
    }

    @Test func unknownPyTorchModeIsAUsageError() throws {
        let r = try popbench(["bench", "cnn", "--pytorch", "maybe"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("--pytorch"))
    }
}
