import PopBenchCore

/// Model-averaging primitives shared by the algorithms (and checked by the invariant tests).
public enum Averaging {
    /// Who takes the average in a pairwise interaction (PopSGD's `averaging` parameter).
    public enum Mode: String, Sendable, Hashable, CaseIterable {
        /// Both partners step and take the average (the rule the PopSGD paper analyzes).
        case symmetric
        /// Only the initiator takes it; the partner keeps its model (the reference MPI code, PopSGD's default).
        case oneSided = "one-sided"

        /// Reads `averaging` from a configuration.
        public init(_ config: Configuration) throws {
            let text = config.string("averaging")
            guard let r = Mode(rawValue: text) else {
                throw UsageError("--averaging: unknown value '\(text)'; allowed: \(Mode.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            self = r
        }
    }

    /// All-reduce of models: every node's model becomes the average (1/n) sum_j x_j.
    public static func allReduce(_ x: UnsafeMutablePointer<Double>, n: Int, d: Int, scratch avg: UnsafeMutablePointer<Double>) {
        avg.update(repeating: 0, count: d)
        for i in 0..<n { let xi = x + i * d; for k in 0..<d { avg[k] += xi[k] } }
        let inv = 1 / Double(n)
        for k in 0..<d { avg[k] *= inv }
        for i in 0..<n { (x + i * d).update(from: avg, count: d) }
    }

    /// One push-sum step on a directed graph where node i keeps half of (x_i, w_i) and pushes the
    /// other half to `peer[i]` (Kempe, Dobra, Gehrke 2003). Sums of x and of w are preserved.
    /// `out`/`outW` receive the new values.
    public static func pushSum(_ x: UnsafePointer<Double>, _ w: UnsafePointer<Double>, peers: UnsafePointer<Int>,
                               n: Int, d: Int, out: UnsafeMutablePointer<Double>, outW: UnsafeMutablePointer<Double>) {
        for i in 0..<n {
            let o = out + i * d, xi = x + i * d
            for k in 0..<d { o[k] = 0.5 * xi[k] }
            outW[i] = 0.5 * w[i]
        }
        for i in 0..<n {
            let j = peers[i]
            let o = out + j * d, xi = x + i * d
            for k in 0..<d { o[k] += 0.5 * xi[k] }
            outW[j] += 0.5 * w[i]
        }
    }
}
