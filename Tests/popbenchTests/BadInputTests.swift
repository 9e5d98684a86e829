import Foundation
import Testing
import PopBenchTestSupport

/// Bad input: one-line error naming the field, exit code 2, nothing written.
@Suite struct BadInputTests {
    @Test func unknownAlgorithmListsTheKnownOnes() throws {
        try expectUsageError(["compare", "--algos", "nosuch"], mentions: "popsgd")
        try expectUsageError(["compare", "--algos", "nosuch"], mentions: "sgd")
    }

    @Test func unknownTask() throws {
        try expectUsageError(["compare", "--algos", "sgd", "--task", "nosuch"], mentions: "--task")
    }

    @Test func tooFewNodesForAPairwiseAlgorithm() throws {
        try expectUsageError(["compare", "--algos", "popsgd", "--task", "mean", "--nodes", "1"], mentions: "--n")
    }

    @Test func trialsBelowOne() throws {
        try expectUsageError(["compare", "--algos", "sgd", "--trials", "0"], mentions: "--trials")
    }

    @Test func nonNumericOrNonPositiveSizesAndBudgets() throws {
        try expectUsageError(["compare", "--algos", "sgd", "--nodes", "abc"], mentions: "--n")
        try expectUsageError(["compare", "--algos", "sgd", "--nodes", "-4"], mentions: "--n")
        try expectUsageError(["compare", "--algos", "sgd", "--budget", "0"], mentions: "--budget")
        try expectUsageError(["compare", "--algos", "sgd", "--budget", "x"], mentions: "budget")
    }

    @Test func unknownFlag() throws {
        try expectUsageError(["compare", "--algos", "sgd,popsgd", "--task", "mean", "--frobnicate", "3"], mentions: "--frobnicate")
        try expectUsageError(["list", "--frobnicate"], mentions: "frobnicate")
    }

    @Test func existingRunIsNotOverwritten() throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        let args = ["compare", "--algos", "sgd", "--task", "mean", "--nodes", "4", "--trials", "2", "--run-id", "fixed", "--no-plots"]
        #expect(try cli.run(args).status == 0)
        let before = try cli.read("results/fixed/trials.jsonl")
        let again = try cli.run(args)
        #expect(again.status == 2 && again.stderr.contains("--force"))
        #expect(try cli.read("results/fixed/trials.jsonl") == before)
    }
}
