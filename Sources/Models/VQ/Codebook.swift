/// The K codes a VQ layer snaps each encoding to. STE and the rotation trick train the codes themselves; SimVQ keeps
/// a random basis C frozen and trains only the linear map, codebook = C·Wᵀ + b (youngsheen/SimVQ,
/// taming/modules/vqvae/quantize.py), so every step moves every code, used or not.
public final class Codebook {
    public let count: Int
    public let dimension: Int
    /// STE, rotation: the trained codes. SimVQ: the frozen basis C (in no parameter group, so never updated).
    public let basis: Parameter
    /// SimVQ's linear map (PyTorch's nn.Linear(d, d) init, with bias); nil otherwise.
    public let projection: Linear?
    /// The codes in use: `basis` itself, or C·Wᵀ + b after `refresh()`.
    public private(set) var codes: Matrix
    private var norms: [Float]

    /// SimVQ's C is always N(0, 1/d) (its code fixes that init); a `uniform` start puts taming's U(−1/K, 1/K) on what
    /// SimVQ learns (W and b), so its codebook C·Wᵀ + b starts as the same tiny cluster at the origin as the others'.
    public init(count k: Int, dimension d: Int, initialisation: CodebookInit, learnedMap: Bool, rng: inout RNG) {
        count = k
        dimension = d
        var c = Matrix(rows: k, cols: d)
        if initialisation == .normal || learnedMap {
            rng.fillNormal(&c, scale: 1 / Float(d).squareRoot())
        } else {
            rng.fillUniform(&c, lo: -1 / Float(k), hi: 1 / Float(k))
        }
        basis = Parameter(name: learnedMap ? "codebook.frozen" : "codebook", role: .other, value: c)
        projection = learnedMap ? Linear(d, d, role: .other, name: "codebook.proj", rng: &rng) : nil
        if let p = projection, initialisation == .uniform {
            rng.fillUniform(&p.weight.value, lo: -1 / Float(k), hi: 1 / Float(k))
            rng.fillUniform(&p.bias.value, lo: -1 / Float(k), hi: 1 / Float(k))
        }
        codes = c
        norms = [Float](repeating: 0, count: k)
        refresh()
    }

    /// The trained parameters: the codes, or only SimVQ's map.
    public var parameters: [Parameter] { projection?.parameters ?? [basis] }

    /// Recomputes the codes in use (after an optimizer step) and their squared norms.
    public func refresh() {
        if let p = projection {
            p.forward(basis.value, into: &codes)
        } else {
            copy(basis.value, into: &codes)
        }
        let d = dimension
        codes.data.withUnsafeBufferPointer { q in
            for k in 0..<count {
                var s: Float = 0
                for j in 0..<d { s += q[k * d + j] * q[k * d + j] }
                norms[k] = s
            }
        }
    }

    /// The nearest code of every row of `z` (argmin ‖z − q_k‖² = argmin ‖q_k‖² − 2z·q_k, one gemm); `distances` is scratch [n × K].
    public func nearest(_ z: Matrix, distances: inout Matrix, into index: inout [Int32]) {
        BLAS.gemm(z, codes, transposeB: true, into: &distances, alpha: -2)
        let k = count
        distances.data.withUnsafeBufferPointer { dist in
            for r in 0..<z.rows {
                let row = dist.baseAddress! + r * k
                var best = 0
                var bestValue = row[0] + norms[0]
                for j in 1..<k where row[j] + norms[j] < bestValue {
                    best = j
                    bestValue = row[j] + norms[j]
                }
                index[r] = Int32(best)
            }
        }
    }

    /// Takes ∂L/∂codes: the codes' own gradient, or SimVQ's ∂W = Gᵀ·C and ∂b = Σ_k G_k.
    public func backward(codeGrad g: Matrix) {
        guard let p = projection else { return copy(g, into: &basis.grad) }
        var unused = Matrix(rows: 0, cols: 0)
        p.backward(x: basis.value, dy: g, dx: &unused, computeInputGrad: false)
    }
}

/// Element-wise copy into an existing buffer of the same shape (no allocation, unlike assigning the array).
func copy(_ src: Matrix, into dst: inout Matrix) {
    precondition(src.count == dst.count, "copy shape mismatch")
    dst.data.withUnsafeMutableBufferPointer { d in
        src.data.withUnsafeBufferPointer { s in
            for i in s.indices { d[i] = s[i] }
        }
    }
}
