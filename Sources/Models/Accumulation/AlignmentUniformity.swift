import Foundation

/// Wang & Isola 2020, "Understanding contrastive representation learning through alignment and uniformity on the
/// hypersphere": alignment = E‖f(x) − f(y)‖² over positive pairs (α = 2; 0 is perfect), uniformity =
/// log E exp(−t‖f(x) − f(x′)‖²) over distinct points (t = 2; lower is more uniform, 0 when collapsed).
public enum AlignmentUniformity {
    /// Mean squared distance between the rows of `a` and `b` (the two views' embeddings).
    public static func alignment(_ a: Matrix, _ b: Matrix) -> Double {
        var s = 0.0
        for i in 0..<a.count {
            let d = Double(a.data[i] - b.data[i])
            s += d * d
        }
        return s / Double(max(a.rows, 1))
    }

    /// log of the mean of exp(−t‖e_i − e_j‖²) over pairs i < j of rows of `e`.
    public static func uniformity(_ e: Matrix, t: Double = 2) -> Double {
        let n = e.rows, d = e.cols
        guard n > 1 else { return 0 }
        var s = 0.0
        e.data.withUnsafeBufferPointer { p in
            for i in 0..<n {
                for j in (i + 1)..<n {
                    var q: Float = 0
                    for c in 0..<d {
                        let x = p[i * d + c] - p[j * d + c]
                        q += x * x
                    }
                    s += exp(-t * Double(q))
                }
            }
        }
        return log(s / Double(n * (n - 1) / 2))
    }
}
