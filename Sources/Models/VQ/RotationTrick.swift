/// The rotation trick's frozen linear map for one (encoding e, code q) pair (Fifty et al. 2024,
/// cfifty/rotation_trick, src/models/vq_vae.py): q̃ = λ·R·e with R = I − 2wwᵀ + 2q̂ûᵀ, the rotation in the plane of
/// e and q taking û = e/‖e‖ to q̂ = q/‖q‖ (w = (û + q̂)/‖û + q̂‖), and λ = ‖q‖/‖e‖. λ and R are stop-gradient,
/// so the decoder sees q while the encoder's gradient is λ·Rᵀ·∂L/∂q̃: rotated and rescaled, not copied as in STE.
///
/// Rows live in caller-owned buffers (u, q̂, w of length d), so a batch runs without allocating.
enum RotationTrick {
    /// The repository's guard against division by zero in every norm.
    static let epsilon: Float = 1e-6
    /// ‖û + q̂‖ below which the pair counts as opposite.
    static let oppositeTolerance: Float = 1e-5

    /// Writes û, q̂ and w for the pair and returns λ.
    static func frame(e: UnsafePointer<Float>, q: UnsafePointer<Float>, dimension d: Int,
                      u: UnsafeMutablePointer<Float>, qHat: UnsafeMutablePointer<Float>, w: UnsafeMutablePointer<Float>) -> Float {
        var ne: Float = 0, nq: Float = 0
        for k in 0..<d {
            ne += e[k] * e[k]
            nq += q[k] * q[k]
        }
        ne = ne.squareRoot()
        nq = nq.squareRoot()
        // Unit vectors exactly (the repository divides by ‖·‖ + ε, which leaves them a little short and breaks
        // R û = q̂ near q̂ = −û); ε only guards a zero norm here, and in λ as in the repository.
        let ie = 1 / max(ne, epsilon), iq = 1 / max(nq, epsilon)
        var ns: Float = 0
        for k in 0..<d {
            u[k] = e[k] * ie
            qHat[k] = q[k] * iq
            w[k] = u[k] + qHat[k]
            ns += w[k] * w[k]
        }
        ns = ns.squareRoot()
        // q̂ = −û leaves the plane undefined: w = 0 gives R = I + 2q̂ûᵀ, which still maps û to q̂ (a reflection there;
        // the term dropped is O(‖û + q̂‖)).
        for k in 0..<d { w[k] = ns > oppositeTolerance ? w[k] / ns : 0 }
        return nq / (ne + epsilon)
    }

    /// λ·R·e: the decoder's input (equal to q up to rounding and the ε guards).
    static func apply(_ e: UnsafePointer<Float>, u: UnsafePointer<Float>, qHat: UnsafePointer<Float>, w: UnsafePointer<Float>,
                      lambda: Float, dimension d: Int, into out: UnsafeMutablePointer<Float>) {
        var ew: Float = 0, eu: Float = 0
        for k in 0..<d {
            ew += e[k] * w[k]
            eu += e[k] * u[k]
        }
        for k in 0..<d { out[k] = lambda * (e[k] - 2 * ew * w[k] + 2 * eu * qHat[k]) }
    }

    /// ∂L/∂e = λ·Rᵀ·g = λ·(g − 2(w·g)w + 2(q̂·g)û).
    static func gradient(_ g: UnsafePointer<Float>, u: UnsafePointer<Float>, qHat: UnsafePointer<Float>, w: UnsafePointer<Float>,
                         lambda: Float, dimension d: Int, into out: UnsafeMutablePointer<Float>) {
        var gw: Float = 0, gq: Float = 0
        for k in 0..<d {
            gw += g[k] * w[k]
            gq += g[k] * qHat[k]
        }
        for k in 0..<d { out[k] = lambda * (g[k] - 2 * gw * w[k] + 2 * gq * u[k]) }
    }

    /// λ·R·e and the map's pieces for one pair of arrays (tests and one-off use).
    static func rotate(_ e: [Float], onto q: [Float]) -> (value: [Float], u: [Float], qHat: [Float], w: [Float], lambda: Float) {
        let d = e.count
        var u = [Float](repeating: 0, count: d), qh = u, w = u, out = u
        let lambda = frame(e: e, q: q, dimension: d, u: &u, qHat: &qh, w: &w)
        apply(e, u: u, qHat: qh, w: w, lambda: lambda, dimension: d, into: &out)
        return (out, u, qh, w, lambda)
    }
}
