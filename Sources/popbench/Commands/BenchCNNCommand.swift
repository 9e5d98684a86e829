import ArgumentParser
import Foundation
import PopBenchCore
import PopBenchOptimization

/// `popbench bench cnn`: training-step time of the digits CNN against same-run sgemm.
struct BenchCNNCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cnn",
        abstract: "Time one CNN training step (forward + backward + update) at several batch sizes on one thread.",
        discussion: """
        Reports ms per step and GFLOP/s (about 1.84 MFLOP per sample per step for the default \
        network) beside single-thread sgemm 512x512 GFLOP/s measured in the same run, and the \
        fraction of it. Targets: at least 50% of sgemm at batch 128, 36% at batch 32, and a step \
        under 0.1 ms at batch 1.
        """)

    @Option(help: "Batch sizes, comma-separated.") var batches: String = "1,8,32,128"
    @Flag(help: "Print one JSON object on stdout.") var json = false

    struct Row: Encodable {
        var batch: Int, ms_per_step: Double, gflops: Double, sgemm_gflops: Double, fraction_of_sgemm: Double
    }
    struct Output: Encodable { var command = "bench cnn"; var rows: [Row] }

    func run() throws {
        let sizes = try NumberList.sizes(batches, field: "--batches")
        let rows = CNNBench.run(batchSizes: sizes).map {
            Row(batch: $0.batch, ms_per_step: $0.millisecondsPerStep, gflops: $0.gflops, sgemm_gflops: $0.sgemmGflops,
                fraction_of_sgemm: $0.fractionOfSgemm)
        }
        if json { try CLI.printJSON(Output(rows: rows)); return }
        var t = TextTable(["batch", "ms/step", "GFLOP/s", "sgemm GFLOP/s", "share of sgemm"])
        for r in rows {
            t.add([String(r.batch), String(format: "%.3f", r.ms_per_step), String(format: "%.1f", r.gflops),
                   String(format: "%.1f", r.sgemm_gflops), String(format: "%.0f%%", 100 * r.fraction_of_sgemm)])
        }
        print(t.render())
    }
}
