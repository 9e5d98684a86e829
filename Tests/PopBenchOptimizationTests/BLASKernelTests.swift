import Testing
import PopBenchOptimization

/// The OpenBLAS core choice (a pure function of the loaded core, CPU flags and environment)
/// and the checks that guard a chosen core.
@Suite struct BLASKernelTests {
    let bf16 = CPUFeatures(flags: ["avx2", "fma", "avx512f", "avx512bw", "avx512dq", "avx512vl", "avx512_bf16"])
    let avx512 = CPUFeatures(flags: ["avx2", "fma", "avx512f", "avx512bw", "avx512dq", "avx512vl"])
    let avx2 = CPUFeatures(flags: ["sse3", "avx", "avx2", "fma"])
    let sse = CPUFeatures(flags: ["sse3", "ssse3", "avx"])

    @Test func genericCoreOnAVX512CPUIsReplacedByTheWidestMatchingCore() {
        #expect(BLASKernel.choose(coreName: "Prescott", features: bf16, environment: [:]) == .relaunch("COOPERLAKE"))
        #expect(BLASKernel.choose(coreName: "Prescott", features: avx512, environment: [:]) == .relaunch("SKYLAKEX"))
        #expect(BLASKernel.choose(coreName: "Nehalem", features: avx2, environment: [:]) == .relaunch("HASWELL"))
    }

    @Test func vectorizedOrUnimprovableCoresAreKept() {
        #expect(BLASKernel.choose(coreName: "Haswell", features: bf16, environment: [:]) == .keep)
        #expect(BLASKernel.choose(coreName: "Zen", features: avx2, environment: [:]) == .keep)
        #expect(BLASKernel.choose(coreName: "Cooperlake", features: bf16, environment: [:]) == .keep)
        #expect(BLASKernel.choose(coreName: "Prescott", features: sse, environment: [:]) == .keep)
    }

    @Test func anAlreadySetCoreTypeIsRespectedEvenOnAGenericCore() {
        let env = ["OPENBLAS_CORETYPE": "Nehalem"]
        #expect(BLASKernel.choose(coreName: "Nehalem", features: bf16, environment: env) == .setByEnvironment("Nehalem"))
        #expect(BLASKernel.choose(coreName: "Prescott", features: bf16, environment: ["OPENBLAS_CORETYPE": ""])
                == .relaunch("COOPERLAKE"))
    }

    @Test func featuresNeedEveryFlagOfTheirFamily() {
        #expect(!CPUFeatures(flags: ["avx2"]).avx2FMA)  // no FMA: no Haswell kernels
        #expect(!CPUFeatures(flags: ["avx2", "fma", "avx512f", "avx512vl"]).avx512)
        #expect(!CPUFeatures(flags: ["avx2", "fma", "avx512_bf16"]).avx512BF16)
        #expect(BLASKernel.candidates(for: bf16) == ["HASWELL", "SKYLAKEX", "COOPERLAKE"])
        #expect(BLASKernel.candidates(for: sse).isEmpty)
    }

    @Test func cpuinfoFlagsAreReadFromTheFirstFlagsLine() {
        let text = "processor\t: 0\nvendor_id\t: GenuineIntel\nflags\t\t: fpu sse avx2 fma avx512f\nbogomips\t: 1\nflags\t: other\n"
        #expect(CPUFeatures.flags(cpuinfo: text) == ["fpu", "sse", "avx2", "fma", "avx512f"])
        #expect(CPUFeatures.flags(cpuinfo: "no such line").isEmpty)
    }

    @Test func loadedSgemmPassesTheSelfCheck() {
        #expect(BLASSelfCheck.sgemmProblem() == nil, "core \(BLASKernel.coreName)")
        #expect(!BLASKernel.coreName.isEmpty)
    }

    @Test func selfCheckCatchesAProductThatDropsOneTerm() {
        // C = alpha op(A) op(B) + beta C computed exactly except for the last k term: off by
        // alpha |a b| ~ 0.4 on average, far above the rounding bound.
        let problem = BLASSelfCheck.sgemmProblem(seed: 7) { ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc in
            for i in 0..<m {
                for j in 0..<n {
                    var s: Float = 0
                    for p in 0..<(k - 1) { s += (ta ? a[p * lda + i] : a[i * lda + p]) * (tb ? b[j * ldb + p] : b[p * ldb + j]) }
                    c[i * ldc + j] = alpha * s + beta * c[i * ldc + j]
                }
            }
        }
        #expect(problem != nil)
        let exact = BLASSelfCheck.sgemmProblem(seed: 7) { ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc in
            for i in 0..<m {
                for j in 0..<n {
                    var s = 0.0
                    for p in 0..<k { s += Double(ta ? a[p * lda + i] : a[i * lda + p]) * Double(tb ? b[j * ldb + p] : b[p * ldb + j]) }
                    c[i * ldc + j] = Float(Double(alpha) * s + Double(beta) * Double(c[i * ldc + j]))
                }
            }
        }
        #expect(exact == nil, "\(exact ?? "")")
    }

    @Test func runtimeGradientCheckPassesUnderTheLoadedCore() {
        let r = CNNGradientCheck.run()
        #expect(r.passed, "relative error \(r.relativeError), off \(r.fractionOff)")
        #expect(r.parameters > 500)
    }
}
