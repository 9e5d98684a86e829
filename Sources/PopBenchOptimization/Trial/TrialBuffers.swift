/// The buffers of one trial, allocated through it when the algorithm starts and freed together
/// by `TrialDriver` when the trial ends, so no algorithm allocates inside its loops or frees
/// anything itself. Every buffer starts zeroed (models start at the task's initial model).
struct TrialBuffers {
    private var reals: [UnsafeMutablePointer<Double>] = []
    private var integers: [UnsafeMutablePointer<Int>] = []
    private var modelSets: [ModelBuffer] = []

    /// A zeroed vector of `count` reals (at least one element is allocated).
    mutating func vector(_ count: Int) -> UnsafeMutablePointer<Double> {
        let p = UnsafeMutablePointer<Double>.allocate(capacity: Swift.max(count, 1))
        p.initialize(repeating: 0, count: Swift.max(count, 1))
        reals.append(p)
        return p
    }

    /// A zeroed vector of `count` integers (at least one element is allocated).
    mutating func indices(_ count: Int) -> UnsafeMutablePointer<Int> {
        let p = UnsafeMutablePointer<Int>.allocate(capacity: Swift.max(count, 1))
        p.initialize(repeating: 0, count: Swift.max(count, 1))
        integers.append(p)
        return p
    }

    /// n models of dimension `task.dimension`, each a copy of the task's initial model.
    mutating func models<T: OptimizationTask>(n: Int, of task: T) -> ModelBuffer {
        let m = ModelBuffer(n: n, d: task.dimension, initial: task.initialModel)
        modelSets.append(m)
        return m
    }

    /// Frees every buffer handed out.
    mutating func release() {
        for p in reals { p.deallocate() }
        for p in integers { p.deallocate() }
        for m in modelSets { m.deallocate() }
        reals = []; integers = []; modelSets = []
    }
}
