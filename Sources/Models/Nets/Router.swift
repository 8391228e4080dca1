import Foundation

/// How router logits become expert scores ρ.
public enum RouterScore: String, CaseIterable, Sendable {
    /// ρ = softmax(logits) over experts (Switch Transformer, GShard).
    case softmax
    /// ρ = σ(logit) per expert, independent (DeepSeek-V3).
    case sigmoid
}

/// Row-wise scores in place: `logits` [n × E] → ρ [n × E].
func routerScores(_ kind: RouterScore, logits: Matrix, into scores: inout Matrix) {
    let e = logits.cols
    logits.data.withUnsafeBufferPointer { pl in
        scores.data.withUnsafeMutableBufferPointer { ps in
            for r in 0..<logits.rows {
                let l = pl.baseAddress! + r * e, s = ps.baseAddress! + r * e
                switch kind {
                case .softmax:
                    var m = l[0]
                    for j in 1..<e where l[j] > m { m = l[j] }
                    var total: Float = 0
                    for j in 0..<e { s[j] = expf(l[j] - m); total += s[j] }
                    let inv = 1 / total
                    for j in 0..<e { s[j] *= inv }
                case .sigmoid:
                    for j in 0..<e { s[j] = 1 / (1 + expf(-l[j])) }
                }
            }
        }
    }
}

/// ∂L/∂logits from ∂L/∂ρ and ρ: softmax ρ⊙(dρ − ⟨dρ, ρ⟩), sigmoid dρ⊙ρ(1−ρ).
func routerScoresBackward(_ kind: RouterScore, scores: Matrix, scoresGrad: Matrix, into logitsGrad: inout Matrix) {
    let e = scores.cols
    scores.data.withUnsafeBufferPointer { ps in
        scoresGrad.data.withUnsafeBufferPointer { pg in
            logitsGrad.data.withUnsafeMutableBufferPointer { pd in
                for r in 0..<scores.rows {
                    let s = ps.baseAddress! + r * e, g = pg.baseAddress! + r * e, d = pd.baseAddress! + r * e
                    switch kind {
                    case .softmax:
                        var dot: Float = 0
                        for j in 0..<e { dot += g[j] * s[j] }
                        for j in 0..<e { d[j] = s[j] * (g[j] - dot) }
                    case .sigmoid:
                        for j in 0..<e { d[j] = g[j] * s[j] * (1 - s[j]) }
                    }
                }
            }
        }
    }
}

/// Indices of the k largest of `score[j] + bias[j]` (ties to the lower index), written in descending order.
@inline(__always)
func selectTopK(_ score: UnsafePointer<Float>, bias: UnsafePointer<Float>, experts e: Int, k: Int, into chosen: UnsafeMutablePointer<Int32>) {
    var filled = 0
    for j in 0..<e {
        let v = score[j] + bias[j]
        var pos = filled
        while pos > 0, v > score[Int(chosen[pos - 1])] + bias[Int(chosen[pos - 1])] { pos -= 1 }
        guard pos < k else { continue }
        var q = min(filled, k - 1)
        while q > pos { chosen[q] = chosen[q - 1]; q -= 1 }
        chosen[pos] = Int32(j)
        if filled < k { filled += 1 }
    }
}
