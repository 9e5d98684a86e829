import Foundation
import PopBenchCore
import PopBenchProtocols
import Testing

/// The one generic protocol plugin: catalog entries and protocol files run through it alike, the
/// shipped `examples/protocols/am3.yaml` states exactly the catalog's am3, and the family-wide
/// `engine` option is declared once.
@Suite struct ProtocolPluginTests {
    /// The example file restates `AM3.spec`; this keeps the two from drifting: the same states in
    /// the same order, the same ordered rules (file locations aside), outputs, initial
    /// configuration and convergence condition, and therefore the same compiled table.
    @Test func am3FileIsTheCatalogProtocol() throws {
        let file = try ProtocolFileParser.load(path: Self.examplePath("am3.yaml"))
        let spec = file.spec
        #expect(file.task == "majority")
        #expect(spec.states == AM3.spec.states)
        #expect(spec.rules.map(Self.unlocated) == AM3.spec.rules.map(Self.unlocated))
        #expect(spec.outputs == AM3.spec.outputs)
        #expect(spec.initial == AM3.spec.initial)
        #expect(spec.convergence == AM3.spec.convergence)
        let table = try CompiledProtocol(spec)
        #expect(table.nextInitiator == AM3.table.nextInitiator && table.nextResponder == AM3.table.nextResponder)
        #expect(table.output == AM3.table.output && table.outputSymbols == AM3.table.outputSymbols)
    }

    /// Same table, same seeds, same trial: the file plugin and the catalog plugin record
    /// identical outcomes (both go through `ProtocolPlugin.runTrial`), on both exact engines.
    @Test(arguments: ["agent", "batch"])
    func fileAndCatalogRunTheSameTrial(engine: String) throws {
        let file = try ProtocolFileLoader.plugin(path: Self.examplePath("am3.yaml"))
        // runTrials derives seeds from the plugin name; the budget is given so both run as long.
        let params = ["gap": "0.05", "engine": engine]
        let fromFile = try Self.trials(file, params: params)
        let fromCatalog = try Self.trials(AM3.plugin, params: params)
        #expect(fromFile.map(\.outcomes) == fromCatalog.map(\.outcomes))
        #expect(fromFile.allSatisfy { $0.status == .ok && $0.outcomes[OutcomeName.correct] == 1 })
    }

    /// `engine` is the family's option: every finite-state protocol lists it once, last, and
    /// gossip (real-valued, no engine) does not.
    @Test func engineIsDeclaredForTheFamily() throws {
        for plugin in ProtocolFamily.protocols {
            let names = plugin.descriptor.parameters.map(\.name)
            #expect(names.last == "engine" && names.filter { $0 == "engine" }.count == 1, "\(plugin.descriptor.name)")
        }
        let gossip = try #require(ProtocolFamily.catalog.plugins.first { $0.descriptor.name == "gossip" })
        #expect(!gossip.descriptor.parameters.contains { $0.name == "engine" })
    }

    /// Claims carried by catalog entries name their plugin and task; the table lists, per task,
    /// the catalog's claims before the rows not implemented.
    @Test func claimsComeFromTheCatalog() {
        for plugin in ProtocolFamily.protocols {
            guard let claim = plugin.claim else { continue }
            #expect(claim.plugin == plugin.descriptor.name && claim.task == plugin.goal.task && !claim.paper.isEmpty)
        }
        let tasks = ProtocolClaims.all.map(\.task)
        let firstLeader = tasks.firstIndex(of: "leader") ?? tasks.count
        #expect(!tasks[firstLeader...].contains("majority"))
        for task in ["majority", "leader"] {
            let rows = ProtocolClaims.all.filter { $0.task == task }
            let firstMissing = rows.firstIndex { $0.plugin == nil } ?? rows.count
            #expect(rows[firstMissing...].allSatisfy { $0.plugin == nil }, "\(task)")
        }
    }

    /// Five trials at n = 1000 with a fixed seed and budget, seeds derived without the name.
    static func trials(_ plugin: ProtocolPlugin, params: [String: String]) throws -> [TrialRecorder] {
        let task = ProtocolTasks.majority
        let config = try Configuration(specs: plugin.descriptor.parameters + task.parameters, overrides: params)
        return try (0..<5).map { trial in
            let seed = SeedDerivation.trialSeed(master: 9, experiment: "tests", plugin: "am3",
                                                parameters: config.canonicalText, n: 1000, trial: trial)
            let setup = TrialSetup(plugin: plugin.descriptor.name, task: task.name, n: 1000, config: config,
                                   budget: 1000, trial: trial, seed: seed)
            var rng = Xoshiro256(seed: seed)
            var recorder = TrialRecorder()
            try plugin.runTrial(setup, rng: &rng, recorder: &recorder)
            return recorder
        }
    }

    static func unlocated(_ r: Rule) -> [String] { [r.initiator, r.responder, r.newInitiator, r.newResponder] }

    static func examplePath(_ name: String) -> String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("examples/protocols/\(name)").path
    }
}
