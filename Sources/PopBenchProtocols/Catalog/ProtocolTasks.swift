import PopBenchCore

/// The tasks of the protocol family. Protocol tasks record no series; their
/// time to target is the convergence time, so `primaryMetric` is nil.
public enum ProtocolTasks {
    /// Spread one agent's information to all n agents (epidemic / rumor spreading).
    public static let broadcast = TaskDescriptor(
        name: "broadcast", family: .protocol,
        summary: "one informed agent; converged when every agent is informed")

    /// Decide which of two opinions A and B was initially held by more agents.
    public static let majority = TaskDescriptor(
        name: "majority", family: .protocol,
        summary: "agents start with opinion A or B; converged when all output the same opinion for good",
        parameters: [
            .real("gap", default: 0.01, range: 0...1,
                  help: "initial margin |#A - #B| as a fraction of n (0.01 = 1% of the agents)"),
            .choice("majority", ["A", "B"], default: "A", help: "which opinion starts in the majority"),
        ])

    /// Elect exactly one leader among n identical agents.
    public static let leader = TaskDescriptor(
        name: "leader", family: .protocol,
        summary: "all agents start as candidates; converged when exactly one leader remains for good")

    /// Agree on the average of real initial values (gossip averaging).
    public static let averaging = TaskDescriptor(
        name: "averaging", family: .protocol,
        summary: "agents start with real values; converged when their disagreement Gamma falls below a tolerance")

    /// All tasks of the family.
    public static let all = [broadcast, majority, leader, averaging]

    /// The shared `engine` parameter of every protocol plugin.
    public static let engineParameter = ParameterSpec.choice(
        "engine", EngineKind.allCases.map(\.rawValue), default: "auto",
        help: "agent (exact, per interaction), batch (exact multibatching on counts), auto (by n), tau (approximate tau-leaping on counts, for n up to 9e18)")
}
