import Foundation
import PopBenchCore

/// A stratified train/test split by seed: each class contributes to the test set in proportion
/// to its size (floor(n_c * testCount / count), the remainder going to the classes with the
/// largest fractional parts, ties to the smaller label), picked uniformly at random.
/// The default 360 test images give the usual 1,437/360 split of the 1,797 digits.
public struct DigitsSplit: Sendable {
    /// Indices into the data set of the training images (shuffled).
    public let train: [Int32]
    /// Indices of the test images (shuffled).
    public let test: [Int32]

    /// Splits `dataset` with a generator seeded by `seed`.
    public init(dataset: DigitsDataset, testCount: Int = 360, seed: UInt64) {
        precondition(testCount > 0 && testCount < dataset.count)
        var rng = Xoshiro256(seed: seed)
        var byClass = [[Int32]](repeating: [], count: DigitsDataset.classes)
        for (i, label) in dataset.labels.enumerated() { byClass[Int(label)].append(Int32(i)) }
        let share = Double(testCount) / Double(dataset.count)
        var quota = byClass.map { Int((Double($0.count) * share).rounded(.down)) }
        let order = (0..<byClass.count).sorted { a, b in
            let fa = Double(byClass[a].count) * share - Double(quota[a])
            let fb = Double(byClass[b].count) * share - Double(quota[b])
            return fa != fb ? fa > fb : a < b
        }
        var missing = testCount - quota.reduce(0, +)
        for c in order where missing > 0 { quota[c] += 1; missing -= 1 }
        var train: [Int32] = [], test: [Int32] = []
        for c in 0..<byClass.count {
            var members = byClass[c]
            CNNRandom.shuffle(&members, rng: &rng)
            test += members[..<quota[c]]
            train += members[quota[c]...]
        }
        CNNRandom.shuffle(&train, rng: &rng)
        CNNRandom.shuffle(&test, rng: &rng)
        self.train = train; self.test = test
    }
}
