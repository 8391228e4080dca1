import Foundation

/// Softmax cross-entropy of integer labels, the classifiers' loss: mean over rows of −log softmax(z)_y.
public enum SoftmaxCrossEntropy {
    /// The mean loss; writes ∂L/∂z = (softmax(z) − onehot(y))/rows into `grad` (same shape as `logits`).
    public static func lossAndGradient(logits: Matrix, labels: [Int32], grad: inout Matrix) -> Float {
        let n = logits.rows, k = logits.cols
        precondition(labels.count >= n && grad.rows == n && grad.cols == k, "cross-entropy shape mismatch")
        let inv = 1 / Float(n)
        var total = 0.0
        logits.data.withUnsafeBufferPointer { z in
            grad.data.withUnsafeMutableBufferPointer { g in
                for r in 0..<n {
                    let row = z.baseAddress! + r * k, out = g.baseAddress! + r * k
                    let (m, sum) = unnormalisedSoftmax(row, into: out, count: k)
                    let y = Int(labels[r])
                    total += Double(logf(sum) + m - row[y])
                    let s = inv / sum
                    for c in 0..<k { out[c] *= s }
                    out[y] -= inv
                }
            }
        }
        return Float(total / Double(n))
    }

    /// Writes exp(z_c − max z) for a row of `k` logits into `out`; returns the max and the sum (softmax = out / sum).
    @inline(__always)
    static func unnormalisedSoftmax(_ row: UnsafePointer<Float>, into out: UnsafeMutablePointer<Float>, count k: Int) -> (max: Float, sum: Float) {
        var m = row[0]
        for c in 1..<k { m = max(m, row[c]) }
        var sum: Float = 0
        for c in 0..<k {
            out[c] = expf(row[c] - m)
            sum += out[c]
        }
        return (m, sum)
    }

    /// Loss summed over rows (in Double, for chunked full-data evaluation) and the number of rows whose argmax is the label.
    public static func sum(logits: Matrix, labels: ArraySlice<Int32>) -> (loss: Double, correct: Int) {
        let n = logits.rows, k = logits.cols
        var total = 0.0, correct = 0
        logits.data.withUnsafeBufferPointer { z in
            for (r, label) in zip(0..<n, labels) {
                let row = z.baseAddress! + r * k
                var m = row[0], arg = 0
                for c in 1..<k where row[c] > m {
                    m = row[c]
                    arg = c
                }
                var s = 0.0
                for c in 0..<k { s += exp(Double(row[c] - m)) }
                total += log(s) + Double(m - row[Int(label)])
                if arg == Int(label) { correct += 1 }
            }
        }
        return (total, correct)
    }
}
