import Foundation
import PopBenchCore

/// How a data set's training samples are divided among n nodes (a task parameter of every data
/// task).
///
/// - `iid`: a random permutation cut into n nearly equal shards.
/// - `sorted`: samples sorted by class (label, or target bin) and cut into n nearly equal
///   shards, so each node sees one or two classes (McMahan et al., AISTATS 2017).
/// - `dirichlet`: for each class, the proportions going to the n nodes are drawn from
///   Dirichlet(alpha, ..., alpha) (Hsu, Qi, Brown, 2019); small alpha is very non-iid.
///
/// Every node gets at least one sample. The global objective is the mean of the nodes' local
/// objectives, f = (1/n) sum_i f_i with f_i the mean loss over shard i; sample s of shard i thus
/// carries weight N/(n |S_i|) in the reference solution (1 when shards are equal).
public struct Shards: Sendable {
    /// Shard i is indices[offsets[i] ..< offsets[i+1]].
    public var offsets: [Int]
    /// Sample indices grouped by node.
    public var indices: [Int]
    /// Per-sample weight N/(n |S_i|), indexed by sample.
    public var weights: [Double]

    /// The split kinds.
    public enum Kind: String, Sendable, CaseIterable { case iid, sorted, dirichlet }

    /// The parameters every data task declares for its split.
    public static let parameters: [ParameterSpec] = [
        .choice("split", Kind.allCases.map(\.rawValue), default: "iid",
                help: "data across nodes: iid shards, sorted by label/target, or a Dirichlet(alpha) label split"),
        .real("dirichlet-alpha", default: 0.5, range: 1e-3...1e6, help: "alpha of the Dirichlet split (small = very non-iid)"),
    ]

    public init(kind: Kind, alpha: Double, classes: [Int], nodes n: Int, rng: inout Xoshiro256) {
        let count = classes.count
        var groups: [[Int]] = Array(repeating: [], count: n)
        switch kind {
        case .iid:
            let p = shuffled(count, &rng)
            for (r, s) in p.enumerated() { groups[r * n / count].append(s) }
        case .sorted:
            let p = shuffled(count, &rng)
            let order = p.sorted { classes[$0] < classes[$1] }   // stable: ties stay shuffled
            for (r, s) in order.enumerated() { groups[r * n / count].append(s) }
        case .dirichlet:
            let k = (classes.max() ?? 0) + 1
            var members: [[Int]] = Array(repeating: [], count: k)
            for s in shuffled(count, &rng) { members[classes[s]].append(s) }
            for m in members where !m.isEmpty {
                var p = (0..<n).map { _ in Shards.gamma(alpha, &rng) }
                let total = p.reduce(0, +)
                for i in 0..<n { p[i] = total > 0 ? p[i] / total : 1 / Double(n) }
                var cum = 0.0, start = 0
                for i in 0..<n {
                    cum += p[i]
                    let end = i == n - 1 ? m.count : min(m.count, Int((cum * Double(m.count)).rounded()))
                    if end > start { groups[i].append(contentsOf: m[start..<end]) }
                    start = max(start, end)
                }
            }
            // every node gets at least one sample: take from the largest shard
            for i in 0..<n where groups[i].isEmpty {
                let big = groups.indices.max { groups[$0].count < groups[$1].count }!
                groups[i].append(groups[big].removeLast())
            }
        }
        var off = [0], idx: [Int] = []
        var w = [Double](repeating: 0, count: count)
        for g in groups {
            idx.append(contentsOf: g)
            off.append(idx.count)
            for s in g { w[s] = Double(count) / (Double(n) * Double(g.count)) }
        }
        offsets = off; indices = idx; weights = w
    }

    /// A Gamma(a, 1) deviate (Marsaglia and Tsang 2000; a < 1 by the boost U^(1/a)).
    static func gamma(_ a: Double, _ rng: inout Xoshiro256) -> Double {
        if a < 1 {
            let u = rng.uniform()
            return gamma(a + 1, &rng) * pow(max(u, 1e-300), 1 / a)
        }
        let d = a - 1.0 / 3, c = 1 / (9 * d).squareRoot()
        while true {
            let x = rng.normal()
            let v0 = 1 + c * x
            if v0 <= 0 { continue }
            let v = v0 * v0 * v0
            let u = rng.uniform()
            if log(max(u, 1e-300)) < 0.5 * x * x + d - d * v + d * log(v) { return d * v }
        }
    }

    /// A sample index of node i's shard, uniformly (node < 0: a uniformly random node first).
    @inline(__always)
    func sample(node: Int, nodes n: Int, _ rng: inout Xoshiro256) -> Int {
        let i = node >= 0 ? node : Int(rng.bounded(UInt64(n)))
        let lo = offsets[i], size = offsets[i + 1] - lo
        return indices[lo + Int(rng.bounded(UInt64(size)))]
    }
}
