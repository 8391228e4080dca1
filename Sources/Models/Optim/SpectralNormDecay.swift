/// Power-iteration state for one hidden matrix: the top right singular vector, kept between steps.
final class SpectralState {
    var v: Matrix
    var wv: Matrix
    var warm = false
    init(rows: Int, cols: Int) {
        v = Matrix(rows: cols, cols: 1)
        wv = Matrix(rows: rows, cols: 1)
    }
}

/// Spectral-norm weight decay: shrinks only the largest singular value of each hidden matrix,
/// W ← W − lr·λ·σ₁u₁v₁ᵀ = W − lr·λ·(W·v₁)·v₁ᵀ, since ∇(½‖W‖₂²) = σ₁u₁v₁ᵀ (references.md, "Spectral-norm weight decay").
struct SpectralNormDecay {
    /// Power iterations per step once warm; v₁ moves little between steps.
    var iterations = 2
    /// Iterations the first time a matrix is seen, from a fixed start vector.
    var warmupIterations = 30
    private var states = StateTable<SpectralState>()

    /// Applies the decay to every hidden matrix in `params`.
    mutating func apply(_ params: [Parameter], lr: Float, lambda: Float) {
        for p in params where p.role.isHiddenMatrix { apply(p, lr: lr, lambda: lambda) }
    }

    private mutating func apply(_ p: Parameter, lr: Float, lambda: Float) {
        let rows = p.value.rows, cols = p.value.cols
        let s = states.state(for: p, valid: { $0.v.rows == cols && $0.wv.rows == rows },
                             make: { SpectralState(rows: rows, cols: cols) })
        var iters = iterations
        if !s.warm {
            // A fixed start with uneven entries, so it is (almost surely) not orthogonal to v₁.
            for i in 0..<cols { s.v.data[i] = 1 + Float(i % 7) }
            iters = warmupIterations
        }
        // v ← WᵀW·v / ‖WᵀW·v‖.
        s.warm = normalize(&s.v)
        for _ in 0..<iters where s.warm {
            BLAS.gemm(p.value, s.v, into: &s.wv)
            BLAS.gemm(p.value, transposeA: true, s.wv, into: &s.v)
            s.warm = normalize(&s.v)
        }
        guard s.warm else { return }
        BLAS.gemm(p.value, s.v, into: &s.wv)
        BLAS.gemm(s.wv, s.v, transposeB: true, into: &p.value, alpha: -lr * lambda, beta: 1)
    }

    /// Scales `v` to unit norm; false when it is zero or not finite (then the start vector is re-seeded next time).
    private func normalize(_ v: inout Matrix) -> Bool {
        let norm = frobeniusNorm(v)
        guard norm > 0, norm.isFinite else { return false }
        let inv = 1 / norm
        v.data.withUnsafeMutableBufferPointer { p in
            for i in p.indices { p[i] *= inv }
        }
        return true
    }
}
