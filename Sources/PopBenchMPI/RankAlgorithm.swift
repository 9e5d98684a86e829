import PopBenchCore
import PopBenchOptimization

/// An optimization algorithm as one MPI rank runs it: rank r is node r of the population and
/// communicates through MPI the way the algorithm's reference code does.
protocol RankAlgorithm {
    /// Runs one trial on this rank and returns its recorder (rank 0's is the trial's record).
    func run<T: OptimizationTask>(_ task: T, setup: TrialSetup, world: MPIWorld) throws -> TrialRecorder
}

/// Makes the rank-side algorithm of one plugin for one trial: the MPI half of a plugin that
/// declares an MPI exchange in its `Capabilities`.
public struct RankFactory: Sendable {
    /// Refuses, before any rank starts, a configuration whose MPI version would be another rule
    /// under the same name (a one-line `UsageError` naming the option).
    let refuse: @Sendable (_ config: Configuration) throws -> Void
    /// The communication pattern one event of the rank algorithm performs at n ranks, and how
    /// the simulated algorithm charges it (`validate-model` prices it by the pattern's measured
    /// fit); nil when it does not communicate.
    let pricing: @Sendable (_ config: Configuration, _ n: Int) throws -> Pricing?
    let make: @Sendable (_ setup: TrialSetup, _ schedule: MPISchedule) throws -> any RankAlgorithm

    init(refuse: @escaping @Sendable (_ config: Configuration) throws -> Void = { _ in },
         pricing: @escaping @Sendable (_ config: Configuration, _ n: Int) throws -> Pricing? = { _, _ in nil },
         _ make: @escaping @Sendable (_ setup: TrialSetup, _ schedule: MPISchedule) throws -> any RankAlgorithm) {
        self.refuse = refuse; self.pricing = pricing; self.make = make
    }
}

/// Runs a `RankAlgorithm` once the task's concrete type is known.
struct RankDriver: TaskVisitor {
    let algorithm: any RankAlgorithm
    let setup: TrialSetup
    let world: MPIWorld
    var recorder = TrialRecorder()

    mutating func visit<T: OptimizationTask>(_ task: T) throws {
        recorder = try algorithm.run(task, setup: setup, world: world)
    }
}
