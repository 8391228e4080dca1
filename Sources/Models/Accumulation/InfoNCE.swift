import Foundation

/// The InfoNCE loss over a batch of n positive pairs (van den Oord et al. 2018; CLIP's one direction):
/// L = −(1/n) Σ_i log softmax_j(⟨a_i, b_j⟩/τ)_i, every other b_j of the batch a negative of a_i. Because the negatives
/// are the batch, the loss of a batch is not the mean of its micro-batches' losses (the post's point).
public final class InfoNCE {
    public let tau: Float
    private var a = Matrix(rows: 0, cols: 0), b = Matrix(rows: 0, cols: 0)
    private var s = Matrix(rows: 0, cols: 0)
    private var ga = Matrix(rows: 0, cols: 0), gb = Matrix(rows: 0, cols: 0)

    public init(tau: Float) { self.tau = tau }

    /// Loss of the pairs (e[i], e[n + i]) of a [2n × d] matrix of embeddings (views 1 on top, views 2 below); writes
    /// ∂L/∂e, same layout, into `grad`. ∂L/∂S = (softmax(S) − I)/n with S = A·Bᵀ/τ, so ∂L/∂A = ∂L/∂S·B/τ and
    /// ∂L/∂B = (∂L/∂S)ᵀ·A/τ.
    public func lossAndGradient(_ e: Matrix, grad: inout Matrix) -> Float {
        let n = e.rows / 2, d = e.cols
        precondition(e.rows == 2 * n && grad.rows == e.rows && grad.cols == d, "InfoNCE: [2n × d] embeddings and gradient")
        resize(n, d)
        for i in 0..<(n * d) {
            a.data[i] = e.data[i]
            b.data[i] = e.data[n * d + i]
        }
        BLAS.gemm(a, b, transposeB: true, into: &s, alpha: 1 / tau)
        var total = 0.0
        let inv = 1 / Float(n)
        s.data.withUnsafeMutableBufferPointer { p in
            for i in 0..<n {
                let row = p.baseAddress! + i * n
                var m = row[0]
                for j in 1..<n { m = max(m, row[j]) }
                let positive = row[i]
                var sum: Float = 0
                for j in 0..<n {
                    row[j] = expf(row[j] - m)
                    sum += row[j]
                }
                total += Double(logf(sum) + m - positive)
                let scale = inv / sum
                for j in 0..<n { row[j] *= scale }
                row[i] -= inv
            }
        }
        BLAS.gemm(s, b, into: &ga, alpha: 1 / tau)
        BLAS.gemm(s, transposeA: true, a, into: &gb, alpha: 1 / tau)
        for i in 0..<(n * d) {
            grad.data[i] = ga.data[i]
            grad.data[n * d + i] = gb.data[i]
        }
        return Float(total / Double(n))
    }

    private func resize(_ n: Int, _ d: Int) {
        guard a.rows != n || a.cols != d else { return }
        a = Matrix(rows: n, cols: d)
        b = Matrix(rows: n, cols: d)
        ga = Matrix(rows: n, cols: d)
        gb = Matrix(rows: n, cols: d)
        s = Matrix(rows: n, cols: n)
    }
}

/// Rows scaled to unit length, e = u/‖u‖ (embeddings on the sphere, as InfoNCE's cosine similarities want).
public enum RowNormalization {
    public static func forward(_ u: Matrix, into e: inout Matrix, norms: inout [Float]) {
        let d = u.cols
        if norms.count != u.rows { norms = [Float](repeating: 0, count: u.rows) }
        for r in 0..<u.rows {
            var s: Float = 0
            for c in 0..<d { s += u.data[r * d + c] * u.data[r * d + c] }
            let n = max(s.squareRoot(), 1e-12)
            norms[r] = n
            for c in 0..<d { e.data[r * d + c] = u.data[r * d + c] / n }
        }
    }

    /// ∂L/∂u = (g − e·⟨e, g⟩)/‖u‖ from ∂L/∂e = g.
    public static func backward(_ e: Matrix, norms: [Float], grad g: Matrix, into gu: inout Matrix) {
        let d = e.cols
        for r in 0..<e.rows {
            var dot: Float = 0
            for c in 0..<d { dot += e.data[r * d + c] * g.data[r * d + c] }
            for c in 0..<d { gu.data[r * d + c] = (g.data[r * d + c] - e.data[r * d + c] * dot) / norms[r] }
        }
    }
}
