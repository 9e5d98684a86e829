import COpenBLAS
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Which OpenBLAS kernel family (its "core") this process runs, and the choice of a faster one
/// when OpenBLAS does not recognize the CPU.
///
/// A dynamic-architecture OpenBLAS picks its kernels once, when the library loads, from the
/// CPU's vendor, family and model. A model newer than the library (Debian's 0.3.21 on recent
/// Xeons, for example) falls back to a generic SSE3 core ("Prescott"), which runs sgemm about 4x
/// slower than the AVX-512 kernels the CPU can execute. `OPENBLAS_CORETYPE` overrides the
/// choice, but only at load time, so `relaunchIfGeneric()` re-executes the program with it set.
///
/// Rules: a value of `OPENBLAS_CORETYPE` already in the environment is never changed (some
/// machines set it on purpose, where an old OpenBLAS computes wrong results with its own pick);
/// a core is replaced only when it is generic (no AVX2 kernels) on a CPU that has AVX2 or
/// AVX-512; and the replacement runs only after it passes `BLASSelfCheck.sgemmProblem()`.
public enum BLASKernel {
    /// OpenBLAS's override variable, read when the library loads.
    public static let coreTypeVariable = "OPENBLAS_CORETYPE"
    /// Set by popbench on its re-executed process: the core it chose, or `rejected:<core>` when
    /// that core failed the self-check and the process ran again on OpenBLAS's own pick.
    public static let relaunchVariable = "POPBENCH_OPENBLAS_CHOICE"

    /// Makes `relaunchIfGeneric()` act as if OpenBLAS had loaded this core (tests of the
    /// re-execution path on machines where OpenBLAS recognizes the CPU).
    public static let pretendVariable = "POPBENCH_OPENBLAS_PRETEND_CORE"

    /// OpenBLAS core names whose kernels use AVX2 or wider (lowercased); any other x86 core is
    /// a generic fallback on a CPU that has AVX2.
    static let vectorCores: Set<String> = ["haswell", "zen", "skylakex", "cooperlake", "sapphirerapids"]

    /// The core OpenBLAS loaded, e.g. "Haswell", "SkylakeX", "Cooperlake", "Prescott".
    public static var coreName: String { String(cString: openblas_get_corename()) }

    /// What to do about the loaded core.
    public enum Choice: Sendable, Equatable {
        /// OpenBLAS's own pick already vectorizes (or no faster core is known for this CPU).
        case keep
        /// `OPENBLAS_CORETYPE` was set before popbench started: respected as is.
        case setByEnvironment(String)
        /// Re-execute with `OPENBLAS_CORETYPE` set to this value.
        case relaunch(String)
    }

    /// The choice for a loaded `coreName` on a CPU with `features`, given the environment.
    /// COOPERLAKE needs AVX-512 BF16, SKYLAKEX AVX-512 F/BW/DQ/VL, HASWELL AVX2 and FMA.
    public static func choose(coreName: String, features: CPUFeatures, environment: [String: String]) -> Choice {
        if let set = environment[coreTypeVariable], !set.isEmpty { return .setByEnvironment(set) }
        if vectorCores.contains(coreName.lowercased()) { return .keep }
        if features.avx512 { return .relaunch(features.avx512BF16 ? "COOPERLAKE" : "SKYLAKEX") }
        if features.avx2FMA { return .relaunch("HASWELL") }
        return .keep
    }

    /// The cores this CPU can run that `choose` may pick, widest last (for tests and checks).
    public static func candidates(for features: CPUFeatures) -> [String] {
        var out: [String] = []
        if features.avx2FMA { out.append("HASWELL") }
        if features.avx512 { out.append("SKYLAKEX") }
        if features.avx512BF16 { out.append("COOPERLAKE") }
        return out
    }

    /// Call first thing in `main`, before any work or output. When OpenBLAS runs a generic core
    /// on a CPU with AVX2 or AVX-512 and `OPENBLAS_CORETYPE` is unset, re-executes this program
    /// (same arguments) with the matching core; does not return then. In the re-executed
    /// process, checks the new core's sgemm against a Float64 reference and, if it is wrong,
    /// warns on stderr and re-executes once more on OpenBLAS's own pick. Linux only; elsewhere
    /// a no-op.
    public static func relaunchIfGeneric() {
        #if os(Linux)
        let environment = ProcessInfo.processInfo.environment
        if let previous = environment[relaunchVariable] {
            guard !previous.hasPrefix("rejected"), let problem = BLASSelfCheck.sgemmProblem() else { return }
            warn("popbench: OpenBLAS core \(previous) computes wrong sgemm results here (\(problem)); "
                 + "running on OpenBLAS's own choice instead")
            setenv(relaunchVariable, "rejected:\(previous)", 1)
            unsetenv(coreTypeVariable)
            execute()
            return
        }
        let loaded = environment[pretendVariable] ?? coreName
        // The common cases decide without reading /proc/cpuinfo (start-up time of every command).
        if let set = environment[coreTypeVariable], !set.isEmpty { return }
        if vectorCores.contains(loaded.lowercased()) { return }
        guard case .relaunch(let core) = choose(coreName: loaded, features: .current(), environment: environment)
        else { return }
        setenv(coreTypeVariable, core, 1)
        setenv(relaunchVariable, core, 1)
        execute()
        #endif
    }

    /// One line saying which core runs and why, for `bench cnn` and logs.
    public static var summary: String {
        let environment = ProcessInfo.processInfo.environment
        let core = coreName
        if let choice = environment[relaunchVariable] {
            if choice.hasPrefix("rejected:") {
                return "\(core) (OpenBLAS's choice; popbench's \(choice.dropFirst(9)) failed the sgemm self-check)"
            }
            return "\(core) (OPENBLAS_CORETYPE=\(choice) chosen by popbench: OpenBLAS ran a generic core on this CPU)"
        }
        if let set = environment[coreTypeVariable], !set.isEmpty {
            return "\(core) (OPENBLAS_CORETYPE=\(set) set in the environment)"
        }
        return "\(core) (OpenBLAS's own choice)"
    }

    #if os(Linux)
    /// Replaces this process with /proc/self/exe and the same arguments; returns only on failure
    /// (then the variables are cleared again and the program goes on with the loaded core).
    private static func execute() {
        execv("/proc/self/exe", CommandLine.unsafeArgv)
        warn("popbench: could not re-execute itself to select an OpenBLAS core (errno \(errno)); continuing")
        unsetenv(coreTypeVariable)
        unsetenv(relaunchVariable)
    }
    #endif

    private static func warn(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}
