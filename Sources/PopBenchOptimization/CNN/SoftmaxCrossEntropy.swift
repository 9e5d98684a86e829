import Foundation

/// Softmax cross-entropy averaged over the minibatch, for logits z (B x C, sample-major) and
/// labels t_b:
///
///     p[b] = softmax(z[b]),   L = (1/B) sum_b -log p[b][t_b]
///     dL/dz[b][c] = (p[b][c] - [c == t_b]) / B
///
/// Computed stably (z - max z) with the loss accumulated in Float64.
public enum SoftmaxCrossEntropy {
    /// Returns the summed (not averaged) loss sum_b -log p[b][t_b] and the number of samples
    /// whose largest logit is at the label (the first maximum on ties). When `dz` is given,
    /// writes dL/dz of the averaged loss, (p - onehot) / B, with B = `meanOver` (default
    /// `batch`; a chunk of a larger minibatch gives the minibatch's size).
    @discardableResult
    public static func evaluate(logits: UnsafePointer<Float>, labels: UnsafePointer<Int32>,
                                batch: Int, classes: Int,
                                dz: UnsafeMutablePointer<Float>?, meanOver: Int? = nil) -> (lossSum: Double, correct: Int) {
        var lossSum = 0.0
        var correct = 0
        let scale = 1 / Float(meanOver ?? batch)
        for b in 0..<batch {
            let z = logits + b * classes
            let t = Int(labels[b])
            var m = z[0], best = 0
            for c in 1..<classes where z[c] > m { m = z[c]; best = c }
            if best == t { correct += 1 }
            var sum = 0.0
            for c in 0..<classes { sum += Foundation.exp(Double(z[c] - m)) }
            lossSum += Foundation.log(sum) - Double(z[t] - m)
            if let dz {
                let g = dz + b * classes
                let inv = 1 / sum
                for c in 0..<classes {
                    let p = Foundation.exp(Double(z[c] - m)) * inv
                    g[c] = Float(p) * scale - (c == t ? scale : 0)
                }
            }
        }
        return (lossSum, correct)
    }
}
