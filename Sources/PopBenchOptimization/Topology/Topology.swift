import PopBenchCore

/// An undirected communication graph with Metropolis-Hastings mixing weights (CSR storage).
///
/// W_ij = 1 / (1 + max(deg_i, deg_j)) for each edge, W_ii = 1 - sum_j W_ij: symmetric and doubly
/// stochastic (Xiao, Boyd, Kim, "Distributed average consensus with least-mean-square deviation",
/// 2007), so gossip with W preserves the average of the models.
public struct Topology: Sendable {
    /// The graph families D-PSGD runs on.
    public enum Kind: String, Sendable, CaseIterable {
        /// i ~ i +- 1 (mod n).
        case ring
        /// A 2-D torus r x c with r the largest divisor of n at most sqrt(n) (a ring when n is prime).
        case torus
        /// i ~ i +- 2^k (mod n) for 2^k < n (Assran et al. 2019; Ying et al. 2021).
        case exponential
    }

    public let n: Int
    /// Neighbors of i: neighbors[offsets[i] ..< offsets[i+1]], with weights alongside.
    public let offsets: [Int]
    public let neighbors: [Int]
    public let weights: [Double]
    /// W_ii.
    public let selfWeights: [Double]

    /// Parses a topology name; the error names the field and the allowed values.
    public static func kind(_ name: String) throws -> Kind {
        guard let k = Kind(rawValue: name) else {
            throw UsageError("--topology: unknown topology '\(name)'; allowed: \(Kind.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return k
    }

    public init(_ kind: Kind, n: Int) {
        self.n = n
        var adj = [Set<Int>](repeating: [], count: n)
        func link(_ i: Int, _ j: Int) { if i != j { adj[i].insert(j); adj[j].insert(i) } }
        switch kind {
        case .ring:
            for i in 0..<n { link(i, (i + 1) % n) }
        case .torus:
            var r = 1
            var k = 1
            while k * k <= n { if n % k == 0 { r = k }; k += 1 }
            let c = n / r
            for i in 0..<n {
                let row = i / c, col = i % c
                link(i, row * c + (col + 1) % c)
                link(i, ((row + 1) % r) * c + col)
            }
        case .exponential:
            var hop = 1
            while hop < n { for i in 0..<n { link(i, (i + hop) % n) }; hop *= 2 }
        }
        var off = [0], nb: [Int] = [], w: [Double] = [], sw: [Double] = []
        for i in 0..<n {
            var s = 0.0
            for j in adj[i].sorted() {
                let wij = 1 / Double(1 + max(adj[i].count, adj[j].count))
                nb.append(j); w.append(wij); s += wij
            }
            off.append(nb.count); sw.append(1 - s)
        }
        offsets = off; neighbors = nb; weights = w; selfWeights = sw
    }

    /// The degree of node i.
    public func degree(_ i: Int) -> Int { offsets[i + 1] - offsets[i] }

    /// One gossip step out = W x on n models of d coordinates (node-major buffers).
    public func mix(_ x: UnsafePointer<Double>, into out: UnsafeMutablePointer<Double>, d: Int) {
        for i in 0..<n {
            let o = out + i * d, xi = x + i * d
            let a = selfWeights[i]
            for k in 0..<d { o[k] = a * xi[k] }
            for e in offsets[i]..<offsets[i + 1] {
                let xj = x + neighbors[e] * d, w = weights[e]
                for k in 0..<d { o[k] += w * xj[k] }
            }
        }
    }
}
