import Foundation
import Testing
import PopBenchTestSupport

/// Bad input of the optimization family through the CLI: a one-line error naming the
/// field, exit code 2, nothing written.
@Suite struct OptimizationBadInputTests {
    @Test func unknownTopology() throws {
        try expectUsageError(["compare", "--algos", "dpsgd", "--task", "linreg", "--topology", "hypercube"], mentions: "--topology")
    }

    @Test func localStepsBelowOne() throws {
        try expectUsageError(["compare", "--algos", "localsgd", "--task", "mean", "--local-steps", "0"], mentions: "--local-steps")
        try expectUsageError(["compare", "--algos", "popsgd", "--task", "mean", "--local-steps", "0"], mentions: "--local-steps")
    }

    @Test func quantizationBitsOutsideOneToThirtyTwo() throws {
        try expectUsageError(["compare", "--algos", "popsgd", "--task", "mean", "--quantize", "33"], mentions: "--quantize")
        try expectUsageError(["compare", "--algos", "popsgd", "--task", "mean", "--quantize=-2"], mentions: "--quantize")
    }

    @Test func moreNodesThanSamples() throws {
        try expectUsageError(["compare", "--algos", "popsgd", "--task", "logreg", "--nodes", "1000"], mentions: "--n")
        try expectUsageError(["compare", "--algos", "psgd", "--task", "linreg", "--samples", "100", "--nodes", "128"], mentions: "--n")
    }

    @Test func negativeLearningRate() throws {
        try expectUsageError(["compare", "--algos", "sgd", "--task", "linreg", "--lr=-0.5"], mentions: "--lr")
    }

    @Test func unknownOneSidedChoice() throws {
        try expectUsageError(["compare", "--algos", "popsgd", "--task", "mean", "--averaging", "lopsided"], mentions: "--averaging")
    }
}
