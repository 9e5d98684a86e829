import Foundation

/// The x86 vector extensions that decide which OpenBLAS kernel family a CPU can run, read from
/// the `flags` line of /proc/cpuinfo (which the kernel already clears when the OS does not save
/// the wider registers, so a listed flag is usable).
public struct CPUFeatures: Sendable, Equatable {
    /// AVX2 and FMA3: OpenBLAS's Haswell kernels.
    public var avx2FMA: Bool
    /// AVX-512 F, BW, DQ and VL: OpenBLAS's SkylakeX kernels.
    public var avx512: Bool
    /// AVX-512 BF16 on top of `avx512`: OpenBLAS's Cooperlake kernels.
    public var avx512BF16: Bool

    /// Features from an explicit list of /proc/cpuinfo flag names.
    public init(flags: Set<String>) {
        avx2FMA = flags.contains("avx2") && flags.contains("fma")
        avx512 = avx2FMA && ["avx512f", "avx512bw", "avx512dq", "avx512vl"].allSatisfy(flags.contains)
        avx512BF16 = avx512 && flags.contains("avx512_bf16")
    }

    /// The flags of the first processor in `cpuinfo` (the text of /proc/cpuinfo); empty when
    /// there is no `flags` line (not Linux on x86).
    public static func flags(cpuinfo: String) -> Set<String> {
        for line in cpuinfo.split(separator: "\n") where line.hasPrefix("flags") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            return Set(line[line.index(after: colon)...].split(separator: " ").map(String.init))
        }
        return []
    }

    /// This machine's features (none when /proc/cpuinfo cannot be read).
    public static func current() -> CPUFeatures {
        // /proc files report size 0, so read the handle to its end.
        let data = FileHandle(forReadingAtPath: "/proc/cpuinfo")?.readDataToEndOfFile() ?? Data()
        return CPUFeatures(flags: flags(cpuinfo: String(decoding: data, as: UTF8.self)))
    }
}
