import Foundation

/// The files of one run under `results/<run-id>/`: `manifest.json`, `trials.jsonl` (one line per
/// finished trial, appended and flushed as it finishes), `summary.csv` and `report.json`.
///
/// A store never overwrites an earlier run unless asked to (`force`), and can reopen an
/// interrupted run to finish it (`resume`).
public final class ResultStore: @unchecked Sendable {
    /// `results/<run-id>`.
    public let directory: URL
    public let runID: String
    private let lock = NSLock()
    private var trialsHandle: FileHandle?
    /// When `append` last forced `trials.jsonl` to disk (guarded by `lock`).
    private var lastSync: ContinuousClock.Instant?

    public var manifestURL: URL { directory.appendingPathComponent("manifest.json") }
    public var trialsURL: URL { directory.appendingPathComponent("trials.jsonl") }
    public var summaryURL: URL { directory.appendingPathComponent("summary.csv") }
    public var reportURL: URL { directory.appendingPathComponent("report.json") }

    private init(root: URL, runID: String) {
        self.runID = runID
        directory = root.appendingPathComponent(runID, isDirectory: true)
    }

    /// Checks that `runID` can be created under `root` without touching anything: the check the
    /// CLI runs before any work starts.
    public static func checkCreatable(root: URL, runID: String, force: Bool) throws {
        try validate(runID: runID)
        let dir = root.appendingPathComponent(runID)
        if FileManager.default.fileExists(atPath: dir.path) && !force {
            throw UsageError("--run-id: \(dir.path) already exists; pass --force to overwrite it or --resume \(runID) to finish it")
        }
    }

    /// Creates the directory of a new run (replacing an existing one only when `force`).
    public static func create(root: URL, runID: String, force: Bool) throws -> ResultStore {
        try checkCreatable(root: root, runID: runID, force: force)
        let store = ResultStore(root: root, runID: runID)
        let fm = FileManager.default
        if fm.fileExists(atPath: store.directory.path) { try fm.removeItem(at: store.directory) }
        try fm.createDirectory(at: store.directory, withIntermediateDirectories: true)
        _ = fm.createFile(atPath: store.trialsURL.path, contents: nil)
        return store
    }

    /// Reopens an existing run to finish it.
    public static func open(root: URL, runID: String) throws -> ResultStore {
        try validate(runID: runID)
        let store = ResultStore(root: root, runID: runID)
        guard FileManager.default.fileExists(atPath: store.manifestURL.path) else {
            throw UsageError("--resume: no run '\(runID)' under \(root.path) (expected \(store.manifestURL.path))")
        }
        var isDirectory: ObjCBool = false
        if !FileManager.default.fileExists(atPath: store.trialsURL.path, isDirectory: &isDirectory) {
            guard FileManager.default.createFile(atPath: store.trialsURL.path, contents: nil) else {
                throw UsageError("--resume: cannot create \(store.trialsURL.path) (is \(store.directory.path) writable?)")
            }
        } else if isDirectory.boolValue {
            throw UsageError("--resume: \(store.trialsURL.path) is a directory; it must be the run's trials file")
        }
        guard FileManager.default.isWritableFile(atPath: store.trialsURL.path) else {
            throw UsageError("--resume: \(store.trialsURL.path) is not writable")
        }
        try store.repairTornLastLine()
        return store
    }

    /// Truncates `trials.jsonl` after its last complete line: a run killed in the middle of a
    /// write leaves a partial line, and the next appended trial would be glued onto it.
    func repairTornLastLine() throws {
        let data: Data
        do { data = try Data(contentsOf: trialsURL) } catch {
            throw UsageError("--resume: cannot read \(trialsURL.path)")
        }
        guard let last = data.last, last != 0x0A else { return }
        let keep = data.lastIndex(of: 0x0A).map { $0 + 1 } ?? 0
        let h = try FileHandle(forWritingTo: trialsURL)
        defer { try? h.close() }
        try h.truncate(atOffset: UInt64(keep))
    }

    /// A fresh run id, `<command>-<UTC time>`, with a suffix if that directory exists.
    public static func newRunID(command: String, root: URL, date: Date = Date()) -> String {
        let base = "\(command)-\(UTCTime.compact(date))"
        var id = base, k = 2
        while FileManager.default.fileExists(atPath: root.appendingPathComponent(id).path) {
            id = "\(base)-\(k)"; k += 1
        }
        return id
    }

    private static func validate(runID: String) throws {
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-_."))
        if runID.isEmpty || runID.hasPrefix(".") || runID.unicodeScalars.contains(where: { !allowed.contains($0) }) {
            throw UsageError("--run-id: '\(runID)' is not a valid run id; allowed: letters, digits, '-', '_', '.' (not leading)")
        }
    }

    // MARK: manifest

    public func writeManifest(_ manifest: Manifest) throws {
        try JSON.prettyEncoder().encode(manifest).write(to: manifestURL, options: .atomic)
    }

    public func readManifest() throws -> Manifest {
        do {
            return try JSON.decoder().decode(Manifest.self, from: Data(contentsOf: manifestURL))
        } catch {
            throw UsageError("\(manifestURL.path): unreadable manifest (\(error))")
        }
    }

    // MARK: trials

    /// Appends one record as a line, written to the file at once (an interrupted process loses
    /// nothing), and forced to disk (fsync) at most once a second, so runs of millisecond
    /// trials do not wait on the disk after each one; `finish` rewrites the file atomically.
    public func append(_ record: TrialRecord) throws {
        var line = try JSON.lineEncoder().encode(record)
        line.append(0x0A)
        lock.lock(); defer { lock.unlock() }
        if trialsHandle == nil {
            let h = try FileHandle(forWritingTo: trialsURL)
            try h.seekToEnd()
            trialsHandle = h
        }
        try trialsHandle!.write(contentsOf: line)
        let now = ContinuousClock.now
        if lastSync.map({ now - $0 >= .seconds(1) }) ?? true {
            try trialsHandle!.synchronize()
            lastSync = now
        }
    }

    /// Every complete record in `trials.jsonl` (a torn last line from an interrupted run is skipped).
    public func readRecords() throws -> [TrialRecord] {
        let data = try Data(contentsOf: trialsURL)
        let decoder = JSON.decoder()
        var records: [TrialRecord] = []
        for line in data.split(separator: 0x0A) where !line.isEmpty {
            if let r = try? decoder.decode(TrialRecord.self, from: Data(line)) { records.append(r) }
        }
        return records
    }

    /// Rewrites `trials.jsonl` with all records in canonical (cell, trial) order, atomically, so
    /// the finished file does not depend on the order in which threads finished.
    public func finish(records: [TrialRecord]) throws {
        lock.lock(); defer { lock.unlock() }
        try trialsHandle?.close()
        trialsHandle = nil
        var seen = Set<TrialKey>()
        var out = Data()
        let encoder = JSON.lineEncoder()
        for r in records.sorted(by: { ($0.cell, $0.trial) < ($1.cell, $1.trial) })
        where seen.insert(TrialKey(cell: r.cell, trial: r.trial)).inserted {
            out.append(try encoder.encode(r))
            out.append(0x0A)
        }
        try out.write(to: trialsURL, options: .atomic)
    }

    // MARK: outputs

    public func write(text: String, to name: String) throws {
        try text.write(to: directory.appendingPathComponent(name), atomically: true, encoding: .utf8)
    }
}
