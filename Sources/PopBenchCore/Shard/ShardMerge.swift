import Foundation

/// Joins the shard runs of one experiment (`--shard K/N`, K = 1...N) into one run whose
/// `trials.jsonl` holds every trial in canonical order: the same bytes the unsharded run writes,
/// since trial seeds and records do not depend on the shard.
///
/// Everything is checked before anything is written: every run is a finished shard of the same
/// experiment with the same N, each K appears once, and the union holds every trial key.
public enum ShardMerge {
    /// What the shard runs hold together.
    public struct Collected: Sendable {
        public var spec: ExperimentSpec
        public var records: [TrialRecord]
        /// Run ids in shard order.
        public var runIDs: [String]
    }

    /// Reads and checks the shard runs `runIDs` under `root`.
    public static func collect(root: URL, runIDs: [String]) throws -> Collected {
        guard !runIDs.isEmpty else { throw UsageError("RUN: give the shard runs to merge (popbench merge RUN1 RUN2 ...)") }
        if Set(runIDs).count != runIDs.count { throw UsageError("RUN: a run is listed twice in \(runIDs.joined(separator: " "))") }
        var shards: [(id: String, shard: Shard, manifest: Manifest, records: [TrialRecord])] = []
        for id in runIDs {
            let store = try ResultStore.open(root: root, runID: id)
            let manifest = try store.readManifest()
            guard let shard = manifest.shard else {
                throw UsageError("RUN: '\(id)' is not a shard (its manifest has no shard); allowed: runs made with --shard K/N")
            }
            guard manifest.status == "complete" else {
                throw UsageError("RUN: shard \(shard) ('\(id)') did not finish; finish it with --resume \(id)")
            }
            shards.append((id, shard, manifest, try store.readRecords()))
        }
        let first = shards[0]
        for s in shards.dropFirst() {
            guard s.manifest.spec == first.manifest.spec else {
                throw UsageError("RUN: '\(s.id)' ran a different experiment than '\(first.id)'; allowed: shards of one command line")
            }
            guard s.shard.count == first.shard.count else {
                throw UsageError("RUN: '\(s.id)' is shard \(s.shard) but '\(first.id)' is shard \(first.shard); allowed: shards with the same N")
            }
        }
        let n = first.shard.count
        var byIndex: [Int: String] = [:]
        for s in shards {
            if let other = byIndex[s.shard.index] {
                throw UsageError("RUN: '\(other)' and '\(s.id)' are both shard \(s.shard)")
            }
            byIndex[s.shard.index] = s.id
        }
        let missing = (1...n).filter { byIndex[$0] == nil }
        guard missing.isEmpty else {
            throw UsageError("RUN: shard\(missing.count > 1 ? "s" : "") \(missing.map { "\($0)/\(n)" }.joined(separator: ", ")) missing; allowed: all N shards of the run")
        }

        let spec = first.manifest.spec
        var seen = Set<TrialKey>()
        var records: [TrialRecord] = []
        for s in shards.sorted(by: { $0.shard.index < $1.shard.index }) {
            for r in s.records {
                let key = TrialKey(cell: r.cell, trial: r.trial)
                guard r.cell < spec.cells.count, r.trial < spec.trials, s.shard.owns(key, trials: spec.trials) else {
                    throw UsageError("RUN: '\(s.id)' holds trial \(r.trial) of cell \(r.cell), which shard \(s.shard) does not own")
                }
                if seen.insert(key).inserted { records.append(r) }
            }
        }
        guard seen.count == spec.totalTrials else {
            throw UsageError("RUN: the shards hold \(seen.count) of \(spec.totalTrials) trials; resume the incomplete shard")
        }
        records.sort { ($0.cell, $0.trial) < ($1.cell, $1.trial) }
        return Collected(spec: spec, records: records,
                         runIDs: shards.sorted { $0.shard.index < $1.shard.index }.map(\.id))
    }

    /// Writes the merged run `runID` under `root`: a manifest recording its shards, and every
    /// trial in canonical order.
    public static func write(_ collected: Collected, root: URL, runID: String, force: Bool,
                             arguments: [String]) throws -> ResultStore {
        let store = try ResultStore.create(root: root, runID: runID, force: force)
        var manifest = Manifest(arguments: arguments, spec: collected.spec, jobs: 1)
        manifest.mergedFrom = collected.runIDs
        try store.finish(records: collected.records)
        manifest.endTime = Manifest.timestamp()
        manifest.status = "trials complete"  // `complete` once the summary and plots are written
        try store.writeManifest(manifest)
        return store
    }
}
