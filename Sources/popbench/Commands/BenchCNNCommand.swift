import ArgumentParser
import Foundation
import PopBenchCore
import PopBenchOptimization

/// `popbench bench cnn`: training-step time of the digits CNN against same-run sgemm and PyTorch.
struct BenchCNNCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cnn",
        abstract: "Time one CNN training step (forward + backward + update) at several batch sizes on one thread.",
        discussion: """
        First prints the OpenBLAS core that runs (popbench re-executes itself with a vectorized \
        core when OpenBLAS falls back to a generic one on an AVX2/AVX-512 CPU; an \
        OPENBLAS_CORETYPE already set is respected) and checks it: sgemm against a Float64 \
        reference and the network gradient against finite differences; a failed check exits 1 \
        before timing. Then reports ms per step and GFLOP/s (about 1.84 MFLOP per sample per \
        step for the default network) beside single-thread sgemm 512x512 GFLOP/s measured in the \
        same run, and PyTorch's ms per step for the same network: measured in the same run, one \
        PyTorch round after each popbench round, when a Python with torch is found \
        ($POPBENCH_PYTHON or python3), otherwise reference figures (marked so). Each figure is the \
        best of 5 rounds.
        """)

    @Option(help: "Batch sizes, comma-separated.") var batches: String = "1,8,32,128"
    @Option(help: "PyTorch side: 'auto' (measure when torch imports, else show the reference) or 'reference'.")
    var pytorch: String = "auto"
    @Flag(help: "Only run the BLAS and gradient checks under the loaded core; exit 0 when they pass.")
    var selfCheck = false
    @Flag(help: "Print one JSON object on stdout.") var json = false

    struct Row: Encodable {
        var batch: Int, ms_per_step: Double, gflops: Double, sgemm_gflops: Double, fraction_of_sgemm: Double
        var pytorch_ms_per_step: Double?, speedup_vs_pytorch: Double?
    }
    struct Output: Encodable {
        var command = "bench cnn"; var kernel: String; var sgemm_gflops: Double
        var pytorch_version: String; var pytorch_measured: Bool; var rows: [Row]
    }

    func run() throws {
        let sizes = try NumberList.sizes(batches, field: "--batches")
        guard ["auto", "reference"].contains(pytorch) else {
            throw UsageError("--pytorch: '\(pytorch)' is not allowed; allowed: auto, reference")
        }
        let kernel = BLASKernel.summary
        if !json { print("OpenBLAS core: \(kernel)") }
        if let problem = BLASSelfCheck.sgemmProblem() { throw CommandFailure("BLAS self-check failed: \(problem)", code: 1) }
        let gradient = CNNGradientCheck.run()
        guard gradient.passed else {
            throw CommandFailure(String(format: "gradient check failed under %@: relative error %.3g, %.2f%% of coordinates off",
                                        kernel, gradient.relativeError, 100 * gradient.fractionOff), code: 1)
        }
        if !json || selfCheck {
            print(String(format: "self-check: sgemm matches Float64 reference; gradient relative error %.2g over %d parameters",
                         gradient.relativeError, gradient.parameters))
        }
        if selfCheck { return }
        // PyTorch, when found, runs one round after each popbench round at the same batch size.
        let session = pytorch == "auto" ? PyTorchReference.Session() : nil
        var torchBest: [Int: Double] = [:]
        let cnn = CNNBench.run(batchSizes: sizes) { b in
            guard let session, let ms = session.round(batch: b, seconds: 0.1) else { return }
            torchBest[b] = min(torchBest[b] ?? .infinity, ms)
        }
        let measured = session != nil && torchBest.count == sizes.count
        let torchMs = measured ? torchBest : PyTorchReference.referenceMilliseconds
        let version = measured ? session!.version : PyTorchReference.referenceVersion
        let rows = cnn.map { r -> Row in
            let t = torchMs[r.batch]
            return Row(batch: r.batch, ms_per_step: r.millisecondsPerStep, gflops: r.gflops, sgemm_gflops: r.sgemmGflops,
                       fraction_of_sgemm: r.fractionOfSgemm, pytorch_ms_per_step: t,
                       speedup_vs_pytorch: t.map { $0 / r.millisecondsPerStep })
        }
        let sgemm = cnn.first?.sgemmGflops ?? 0
        if json {
            try CLI.printJSON(Output(kernel: kernel, sgemm_gflops: sgemm, pytorch_version: version,
                                     pytorch_measured: measured, rows: rows))
            return
        }
        print(String(format: "sgemm 512x512, 1 thread: %.1f GFLOP/s", sgemm))
        print("PyTorch \(version), 1 thread, same network and step")
        var t = TextTable(["batch", "ms/step", "GFLOP/s", "share of sgemm", "PyTorch ms/step", "speedup"])
        for r in rows {
            t.add([String(r.batch), String(format: "%.3f", r.ms_per_step), String(format: "%.1f", r.gflops),
                   String(format: "%.0f%%", 100 * r.fraction_of_sgemm),
                   r.pytorch_ms_per_step.map { String(format: "%.3f", $0) } ?? "-",
                   r.speedup_vs_pytorch.map { String(format: "%.2fx", $0) } ?? "-"])
        }
        print(t.render())
    }
}
