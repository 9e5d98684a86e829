import Testing
import PopBenchCore
import PopBenchOptimization

/// Sequential minibatch SGD on the digits (the "done when": at least 97% test accuracy,
/// mean over 5 seeds, within 20 epochs of batch 32 at lr 0.1; an epoch is floor(1437 / 32) = 44
/// minibatches, each drawn uniformly without replacement). 880 steps per seed, about a second in
/// release on one core.
@Suite struct CNNTrainingTests {
    /// Trains with w <- w - lr * g on the global objective for `epochs` passes over the
    /// training set; returns (test accuracy, final parameters).
    static func train(seed: UInt64, epochs: Int = 20, batch: Int = 32, lr: Float = 0.1) throws
        -> (accuracy: Double, loss: Double, parameters: [Float]) {
        let model = try CNNProblem(nodes: 1, batchSize: batch, seed: seed)
        var rng = Xoshiro256(seed: seed &+ 1000)
        var w = [Float](repeating: 0, count: model.parameterCount)
        var g = w
        w.withUnsafeMutableBufferPointer { model.initialize(parameters: $0, rng: &rng) }
        let steps = epochs * (model.split.train.count / batch)
        for _ in 0..<steps {
            model.stochasticGradient(node: -1, parameters: w, into: &g, rng: &rng)
            for i in w.indices { w[i] -= lr * g[i] }
        }
        let test = model.evaluate(parameters: w, on: .test)
        return (test.accuracy, test.loss, w)
    }

    @Test func sequentialSGDReaches97PercentOnFiveSeeds() throws {
        var accuracies: [Double] = []
        for seed in UInt64(0)..<5 { accuracies.append(try Self.train(seed: seed).accuracy) }
        let mean = accuracies.reduce(0, +) / 5
        print("CNN sequential SGD, batch 32, lr 0.1, 20 epochs: test accuracy per seed \(accuracies), mean \(mean)")
        #expect(mean >= 0.97, "accuracies \(accuracies)")
    }

    @Test func trainingIsDeterministicForASeed() throws {
        let a = try Self.train(seed: 7, epochs: 1), b = try Self.train(seed: 7, epochs: 1)
        #expect(a.parameters == b.parameters)
    }

    @Test func float64InterfaceMatchesFloat32() throws {
        let model = try CNNProblem(nodes: 4, split: "non-iid", batchSize: 8, seed: 3)
        var r1 = Xoshiro256(seed: 5), r2 = Xoshiro256(seed: 5)
        var w = [Float](repeating: 0, count: model.parameterCount)
        var wd = [Double](repeating: 0, count: model.parameterCount)
        w.withUnsafeMutableBufferPointer { model.initialize(parameters: $0, rng: &r1) }
        model.initialize(parameters: &wd, rng: &r2)
        #expect(wd == w.map(Double.init))
        var g = w, gd = wd
        // Same generator state, same node: the same minibatch.
        var s1 = Xoshiro256(seed: 9), s2 = Xoshiro256(seed: 9)
        let l1 = model.stochasticGradient(node: 2, parameters: w, into: &g, rng: &s1)
        let l2 = model.stochasticGradient(node: 2, parameters: wd, into: &gd, rng: &s2)
        #expect(l1 == l2)
        #expect(gd == g.map(Double.init))
        #expect(model.evaluate(parameters: w, on: .test).accuracy == model.evaluate(parameters: wd, on: .test).accuracy)
        var x0 = [Double](repeating: 0, count: model.parameterCount), x1 = x0
        model.initialModel(&x0); model.initialModel(&x1)
        #expect(x0 == x1 && x0.contains { $0 != 0 })
    }

    @Test func concurrentTrialsShareOneProblem() async throws {
        // One shared problem, 4 concurrent trials: each gets the result it gets alone.
        let problem = try CNNProblem(nodes: 8, batchSize: 16, seed: 4)
        @Sendable func trial(_ seed: UInt64) -> [Float] {
            var rng = Xoshiro256(seed: seed)
            var w = [Float](repeating: 0, count: problem.parameterCount), g = w
            w.withUnsafeMutableBufferPointer { problem.initialize(parameters: $0, rng: &rng) }
            for t in 0..<30 {
                problem.stochasticGradient(node: t % 8, parameters: w, into: &g, rng: &rng)
                for i in w.indices { w[i] -= 0.1 * g[i] }
            }
            return w
        }
        let alone = (0..<4).map { trial(UInt64($0)) }
        let together = await withTaskGroup(of: (Int, [Float]).self) { group in
            for k in 0..<4 { group.addTask { (k, trial(UInt64(k))) } }
            var out = [[Float]](repeating: [], count: 4)
            for await (k, w) in group { out[k] = w }
            return out
        }
        #expect(alone == together)
    }
}
