import Synchronization

/// Values built once per key and shared across threads (compiled tables of n-dependent
/// protocols, per-n sampler tables).
final class TableCache<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    private let values = Mutex<[Key: Value]>([:])
    private let build: @Sendable (Key) -> Value

    init(_ build: @escaping @Sendable (Key) -> Value) { self.build = build }

    /// The value for `key`, built on first use.
    func value(_ key: Key) -> Value {
        if let v = values.withLock({ $0[key] }) { return v }
        let v = build(key)
        values.withLock { $0[key] = v }
        return v
    }
}
