import Foundation

/// Everything one gradient or evaluation call of a `CNNProblem` writes: the network's
/// workspaces, a minibatch index buffer, a shard scratch for sampling, and Float32 copies of a
/// Float64 model and gradient. Every call overwrites what it reads, so a workspace carries no
/// state from one call to the next (results do not depend on which workspace served a call).
public final class CNNWorkspace: @unchecked Sendable {  // @unchecked: owned by one thread at a time (see CNNWorkspacePool).
    /// The network and its activation workspaces (capacity max(B, 128)).
    public let network: CNNNetwork
    let batch: UnsafeMutablePointer<Int32>
    let shard: UnsafeMutablePointer<Int32>
    let parameters: UnsafeMutablePointer<Float>
    let gradient: UnsafeMutablePointer<Float>

    init(architecture: CNNArchitecture, capacity: Int, batchSize: Int, largestShard: Int) {
        network = CNNNetwork(architecture: architecture, height: DigitsDataset.side,
                             width: DigitsDataset.side, capacity: capacity)
        batch = .allocate(capacity: batchSize)
        batch.initialize(repeating: 0, count: batchSize)
        shard = .allocate(capacity: largestShard)
        shard.initialize(repeating: 0, count: largestShard)
        let d = network.parameterCount
        parameters = .allocate(capacity: d)
        parameters.initialize(repeating: 0, count: d)
        gradient = .allocate(capacity: d)
        gradient.initialize(repeating: 0, count: d)
    }

    deinit {
        batch.deallocate(); shard.deallocate(); parameters.deallocate(); gradient.deallocate()
    }
}

/// A thread-safe free list of workspaces: a call takes one (building it only when all are in
/// use, so at most one per concurrent caller is ever built) and gives it back. After warm-up
/// a call allocates nothing.
final class CNNWorkspacePool: @unchecked Sendable {  // @unchecked: `lock` guards `free`.
    private let lock = NSLock()
    private var free: [CNNWorkspace] = []
    private let make: @Sendable () -> CNNWorkspace

    init(make: @escaping @Sendable () -> CNNWorkspace) {
        self.make = make
        free.reserveCapacity(256)
    }

    func with<R>(_ body: (CNNWorkspace) throws -> R) rethrows -> R {
        lock.lock()
        let ws = free.popLast()
        lock.unlock()
        let workspace = ws ?? make()
        defer {
            lock.lock(); free.append(workspace); lock.unlock()
        }
        return try body(workspace)
    }
}
