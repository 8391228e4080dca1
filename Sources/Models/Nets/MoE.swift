/// A mixture-of-experts layer: y = Σ_{i ∈ top-k(ρ + b)} g_i·e_i(x), router scores ρ from a linear router,
/// gates g from the original ρ (renormalised over the chosen experts when configured), b a non-learned routing bias.
/// Tokens are gathered per expert into contiguous batches so each expert runs as two BLAS products.
public final class MoELayer: HasParameters {
    public let shape: MoEShape
    public let router: Linear
    public let experts: [Expert]
    /// Loss-free balancing bias: added to ρ only to choose experts, never to the gates.
    public var bias: [Float]
    /// Weight α of the auxiliary loss α·E·Σ f_i·P_i; 0 turns it off.
    public var auxAlpha: Float = 0

    public init(_ shape: MoEShape, rng: inout RNG) {
        self.shape = shape
        router = Linear(shape.width, shape.experts, role: .other, name: "router", rng: &rng)
        experts = (0..<shape.experts).map {
            Expert(width: shape.width, hidden: shape.expertHidden, activation: shape.activation, name: "experts.\($0)", rng: &rng)
        }
        bias = [Float](repeating: 0, count: shape.experts)
    }

    public var parameters: [Parameter] { router.parameters + experts.flatMap(\.parameters) }

    /// Routes `ws.input`, runs each expert on its tokens and mixes them into `ws.output`.
    public func forward(_ ws: MoEWorkspace) {
        let n = ws.batch, e = shape.experts, k = shape.topK, w = shape.width
        router.forward(ws.input, into: &ws.logits)
        routerScores(shape.score, logits: ws.logits, into: &ws.scores)
        route(ws)
        for i in 0..<e {
            let a = ws.experts[i]
            let lo = ws.offsets[i], count = ws.offsets[i + 1] - lo
            a.prepare(rows: count, width: w, hidden: shape.expertHidden)
            ws.input.data.withUnsafeBufferPointer { px in
                a.x.data.withUnsafeMutableBufferPointer { pa in
                    for r in 0..<count {
                        let src = px.baseAddress! + Int(ws.token[lo + r]) * w
                        (pa.baseAddress! + r * w).update(from: src, count: w)
                    }
                }
            }
            experts[i].forward(a)
        }
        ws.output.fill(0)
        for i in 0..<e {
            let a = ws.experts[i]
            let lo = ws.offsets[i]
            a.y.data.withUnsafeBufferPointer { py in
                ws.output.data.withUnsafeMutableBufferPointer { po in
                    for r in 0..<(ws.offsets[i + 1] - lo) {
                        let g = ws.gate[Int(ws.assignment[lo + r])]
                        let dst = po.baseAddress! + Int(ws.token[lo + r]) * w, src = py.baseAddress! + r * w
                        for c in 0..<w { dst[c] += g * src[c] }
                    }
                }
            }
        }
        computeBalanceStatistics(ws, tokens: n, k: k)
    }

    /// Top-k by ρ + b per token, gates from ρ, then a counting sort of assignments by expert.
    private func route(_ ws: MoEWorkspace) {
        let n = ws.batch, e = shape.experts, k = shape.topK
        for i in 0..<e { ws.counts[i] = 0 }
        ws.scores.data.withUnsafeBufferPointer { ps in
            bias.withUnsafeBufferPointer { pb in
                ws.choice.withUnsafeMutableBufferPointer { pc in
                    for t in 0..<n {
                        let s = ps.baseAddress! + t * e, c = pc.baseAddress! + t * k
                        selectTopK(s, bias: pb.baseAddress!, experts: e, k: k, into: c)
                        var total: Float = 0
                        for j in 0..<k { total += s[Int(c[j])] }
                        let scale = shape.normalizeGates ? 1 / total : 1
                        for j in 0..<k {
                            ws.gate[t * k + j] = s[Int(c[j])] * scale
                            ws.counts[Int(c[j])] += 1
                        }
                    }
                }
            }
        }
        ws.offsets[0] = 0
        for i in 0..<e { ws.offsets[i + 1] = ws.offsets[i] + ws.counts[i] }
        for i in 0..<e { ws.cursor[i] = ws.offsets[i] }
        for a in 0..<(n * k) {
            let i = Int(ws.choice[a])
            let pos = ws.cursor[i]
            ws.token[pos] = Int32(a / k)
            ws.assignment[pos] = Int32(a)
            ws.cursor[i] += 1
        }
    }

    /// f_i, P_i (ρ normalised per token, so sigmoid routers compare like softmax ones) and the auxiliary loss.
    private func computeBalanceStatistics(_ ws: MoEWorkspace, tokens n: Int, k: Int) {
        let e = shape.experts
        for i in 0..<e {
            ws.fractions[i] = Float(ws.counts[i]) / Float(max(1, n * k))
            ws.meanProbabilities[i] = 0
        }
        ws.scores.data.withUnsafeBufferPointer { ps in
            for t in 0..<n {
                let s = ps.baseAddress! + t * e
                var total: Float = 0
                for j in 0..<e { total += s[j] }
                let inv = 1 / (total * Float(n))
                for j in 0..<e { ws.meanProbabilities[j] += s[j] * inv }
            }
        }
        ws.auxLoss = auxAlpha > 0 ? auxiliaryLoss(fractions: ws.fractions, meanProbabilities: ws.meanProbabilities, alpha: auxAlpha) : 0
    }

    /// Backpropagates `ws.outputGrad` (plus the auxiliary loss when α > 0), overwriting every parameter's gradient;
    /// writes `ws.inputGrad` when asked.
    public func backward(_ ws: MoEWorkspace, inputGrad: Bool = true) {
        let n = ws.batch, e = shape.experts, k = shape.topK, w = shape.width
        for i in 0..<e {
            let a = ws.experts[i]
            let lo = ws.offsets[i]
            ws.outputGrad.data.withUnsafeBufferPointer { pg in
                a.y.data.withUnsafeBufferPointer { py in
                    a.dy.data.withUnsafeMutableBufferPointer { pd in
                        for r in 0..<(ws.offsets[i + 1] - lo) {
                            let asg = Int(ws.assignment[lo + r])
                            let g = ws.gate[asg]
                            let src = pg.baseAddress! + Int(ws.token[lo + r]) * w
                            let y = py.baseAddress! + r * w, d = pd.baseAddress! + r * w
                            var dot: Float = 0
                            for c in 0..<w {
                                d[c] = g * src[c]
                                dot += src[c] * y[c]
                            }
                            ws.gateGrad[asg] = dot
                        }
                    }
                }
            }
            experts[i].backward(a)
        }
        gatesBackward(ws, tokens: n, k: k)
        if auxAlpha > 0 { auxBackward(ws, tokens: n) }
        routerScoresBackward(shape.score, scores: ws.scores, scoresGrad: ws.scoresGrad, into: &ws.logitsGrad)
        router.backward(x: ws.input, dy: ws.logitsGrad, dx: &ws.inputGrad, computeInputGrad: inputGrad)
        guard inputGrad else { return }
        for i in 0..<e {
            let a = ws.experts[i]
            let lo = ws.offsets[i]
            a.dx.data.withUnsafeBufferPointer { pdx in
                ws.inputGrad.data.withUnsafeMutableBufferPointer { pin in
                    for r in 0..<(ws.offsets[i + 1] - lo) {
                        let dst = pin.baseAddress! + Int(ws.token[lo + r]) * w, src = pdx.baseAddress! + r * w
                        for c in 0..<w { dst[c] += src[c] }
                    }
                }
            }
        }
    }

    /// ∂L/∂ρ from ∂L/∂g: g_j = ρ_j/S over the chosen experts gives ∂ρ_j = (∂g_j − Σ_i ∂g_i·g_i)/S; unchosen experts get 0.
    private func gatesBackward(_ ws: MoEWorkspace, tokens n: Int, k: Int) {
        let e = shape.experts
        ws.scoresGrad.fill(0)
        ws.scores.data.withUnsafeBufferPointer { ps in
            ws.scoresGrad.data.withUnsafeMutableBufferPointer { pg in
                for t in 0..<n {
                    let s = ps.baseAddress! + t * e, g = pg.baseAddress! + t * e
                    let base = t * k
                    if shape.normalizeGates {
                        var total: Float = 0, mix: Float = 0
                        for j in 0..<k {
                            total += s[Int(ws.choice[base + j])]
                            mix += ws.gateGrad[base + j] * ws.gate[base + j]
                        }
                        for j in 0..<k { g[Int(ws.choice[base + j])] = (ws.gateGrad[base + j] - mix) / total }
                    } else {
                        for j in 0..<k { g[Int(ws.choice[base + j])] = ws.gateGrad[base + j] }
                    }
                }
            }
        }
    }

    /// Adds ∂aux/∂ρ: with c_j = α·E·f_j/n and p̂ = ρ/Σρ, ∂ρ_tj = (c_j − Σ_i c_i·p̂_ti)/Σρ_t (f is a count: no gradient).
    private func auxBackward(_ ws: MoEWorkspace, tokens n: Int) {
        let e = shape.experts
        let scale = auxAlpha * Float(e) / Float(n)
        ws.scores.data.withUnsafeBufferPointer { ps in
            ws.scoresGrad.data.withUnsafeMutableBufferPointer { pg in
                for t in 0..<n {
                    let s = ps.baseAddress! + t * e, g = pg.baseAddress! + t * e
                    var total: Float = 0, mix: Float = 0
                    for j in 0..<e {
                        total += s[j]
                        mix += ws.fractions[j] * s[j]
                    }
                    mix /= total
                    for j in 0..<e { g[j] += scale * (ws.fractions[j] - mix) / total }
                }
            }
        }
    }
}
