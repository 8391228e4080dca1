/// One residual layer of TARFLOW's transformer as it acts on a 2-token sequence: an attention sublayer and an MLP
/// sublayer, each pre-LayerNorm and residual (apple/ml-tarflow, transformer_flow.py, AttentionBlock).
///
/// Position 0 attends to one key, itself, so softmax weights are 1 and attention is proj(value(LN(h))): the query and
/// key projections receive no gradient and are left out.
final class TARFlowLayer {
    let attentionNorm: LayerNorm
    let value: Linear
    let proj: Linear
    let mlpNorm: LayerNorm
    let up: Linear
    let down: Linear

    init(channels c: Int, expansion: Int, name: String, rng: inout RNG) {
        attentionNorm = LayerNorm(c, name: "\(name).attention.norm")
        value = Linear(c, c, role: .hiddenMatrix, name: "\(name).attention.value", rng: &rng)
        proj = Linear(c, c, role: .hiddenMatrix, name: "\(name).attention.proj", rng: &rng)
        mlpNorm = LayerNorm(c, name: "\(name).mlp.norm")
        up = Linear(c, c * expansion, role: .hiddenMatrix, name: "\(name).mlp.0", rng: &rng)
        down = Linear(c * expansion, c, role: .hiddenMatrix, name: "\(name).mlp.2", rng: &rng)
    }

    var parameters: [Parameter] {
        attentionNorm.parameters + value.parameters + proj.parameters + mlpNorm.parameters + up.parameters + down.parameters
    }
}

/// What one layer keeps from its forward pass for the backward one.
final class TARFlowLayerCache {
    var attentionHat, attentionIn, value, mlpHat, mlpIn: Matrix
    var attentionRstd, mlpRstd: [Float]
    var pre, act, aux: Matrix

    init(batch n: Int, channels c: Int, expansion e: Int) {
        attentionHat = Matrix(rows: n, cols: c)
        attentionIn = Matrix(rows: n, cols: c)
        value = Matrix(rows: n, cols: c)
        mlpHat = Matrix(rows: n, cols: c)
        mlpIn = Matrix(rows: n, cols: c)
        attentionRstd = [Float](repeating: 0, count: n)
        mlpRstd = [Float](repeating: 0, count: n)
        pre = Matrix(rows: n, cols: c * e)
        act = Matrix(rows: n, cols: c * e)
        aux = Matrix(rows: n, cols: c * e)
    }
}

/// One block's activations for a batch (forward cache and backward scratch), allocated once per batch size.
final class ConditionerWorkspace {
    let batch: Int
    /// The conditioning token u₀ of every row, and ∂L/∂u₀ after `backward`.
    var input: [Float]
    var inputGrad: [Float]
    /// The residual stream after the last layer, and the (α, μ) output per row.
    var stream: Matrix
    var out: Matrix
    var outGrad: Matrix
    var layers: [TARFlowLayerCache]
    var streamGrad, valueGrad, inGrad: Matrix
    var actGrad, preGrad: Matrix

    init(batch n: Int, channels c: Int, expansion e: Int, layers l: Int) {
        batch = n
        input = [Float](repeating: 0, count: n)
        inputGrad = [Float](repeating: 0, count: n)
        stream = Matrix(rows: n, cols: c)
        out = Matrix(rows: n, cols: 2)
        outGrad = Matrix(rows: n, cols: 2)
        layers = (0..<l).map { _ in TARFlowLayerCache(batch: n, channels: c, expansion: e) }
        streamGrad = Matrix(rows: n, cols: c)
        valueGrad = Matrix(rows: n, cols: c)
        inGrad = Matrix(rows: n, cols: c)
        actGrad = Matrix(rows: n, cols: c * e)
        preGrad = Matrix(rows: n, cols: c * e)
    }
}

/// TARFLOW's conditioner for the second token of a 2D point: proj_in of u₀ plus the position embedding, residual
/// layers, and a zero-initialised proj_out giving (α, μ), so a fresh block is the identity.
///
/// In 2D the causal transformer sees one token, so it is an MLP of u₀ (the block is a 1D-conditioned affine coupling).
/// The position embedding of the second token only shapes an output that the shift by one token discards, so only the
/// first token's row is kept.
public final class TARFlowConditioner: HasParameters {
    public let channels: Int
    public let expansion: Int
    let projIn: Linear
    let position: Parameter
    let layers: [TARFlowLayer]
    let projOut: Linear

    public init(channels c: Int, layers l: Int, expansion e: Int, name: String, rng: inout RNG) {
        channels = c
        expansion = e
        projIn = Linear(1, c, role: .inputMatrix, name: "\(name).proj_in", rng: &rng)
        var pos = Matrix(rows: 1, cols: c)
        rng.fillNormal(&pos, scale: 0.01)
        position = Parameter(name: "\(name).pos_embed", role: .other, value: pos)
        layers = (0..<l).map { TARFlowLayer(channels: c, expansion: e, name: "\(name).attn_blocks.\($0)", rng: &rng) }
        projOut = Linear(c, 2, role: .outputMatrix, name: "\(name).proj_out", rng: &rng)
        projOut.weight.value.fill(0)
        projOut.bias.value.fill(0)
    }

    public var parameters: [Parameter] {
        projIn.parameters + [position] + layers.flatMap(\.parameters) + projOut.parameters
    }

    func workspace(batch n: Int) -> ConditionerWorkspace {
        ConditionerWorkspace(batch: n, channels: channels, expansion: expansion, layers: layers.count)
    }

    /// (α, μ) of every row of `ws.input` into `ws.out`.
    func forward(_ ws: ConditionerWorkspace) {
        let c = channels
        ws.stream.data.withUnsafeMutableBufferPointer { ph in
            projIn.weight.value.data.withUnsafeBufferPointer { pw in
                projIn.bias.value.data.withUnsafeBufferPointer { pb in
                    position.value.data.withUnsafeBufferPointer { pp in
                        for r in 0..<ws.batch {
                            let u = ws.input[r], row = ph.baseAddress! + r * c
                            for k in 0..<c { row[k] = u * pw[k] + pb[k] + pp[k] }
                        }
                    }
                }
            }
        }
        for (layer, cache) in zip(layers, ws.layers) {
            layer.attentionNorm.forward(ws.stream, normalized: &cache.attentionHat, rstd: &cache.attentionRstd, into: &cache.attentionIn)
            layer.value.forward(cache.attentionIn, into: &cache.value)
            addLinear(layer.proj, cache.value, to: &ws.stream)
            layer.mlpNorm.forward(ws.stream, normalized: &cache.mlpHat, rstd: &cache.mlpRstd, into: &cache.mlpIn)
            layer.up.forward(cache.mlpIn, into: &cache.pre)
            GELUKernel.forward(cache.pre, into: &cache.act, tanh: &cache.aux)
            addLinear(layer.down, cache.act, to: &ws.stream)
        }
        projOut.forward(ws.stream, into: &ws.out)
    }

    /// Backpropagates `ws.outGrad` to `ws.inputGrad`; with `parameterGrads` also overwrites every parameter's gradient.
    func backward(_ ws: ConditionerWorkspace, parameterGrads: Bool) {
        backLinear(projOut, x: ws.stream, dy: ws.outGrad, dx: &ws.streamGrad, parameterGrads)
        for (layer, cache) in zip(layers, ws.layers).reversed() {
            backLinear(layer.down, x: cache.act, dy: ws.streamGrad, dx: &ws.actGrad, parameterGrads)
            GELUKernel.backward(dy: ws.actGrad, z: cache.pre, tanh: cache.aux, into: &ws.preGrad)
            backLinear(layer.up, x: cache.mlpIn, dy: ws.preGrad, dx: &ws.inGrad, parameterGrads)
            layer.mlpNorm.backward(dy: ws.inGrad, normalized: cache.mlpHat, rstd: cache.mlpRstd, addingTo: &ws.streamGrad,
                                   parameterGrads: parameterGrads)
            backLinear(layer.proj, x: cache.value, dy: ws.streamGrad, dx: &ws.valueGrad, parameterGrads)
            backLinear(layer.value, x: cache.attentionIn, dy: ws.valueGrad, dx: &ws.inGrad, parameterGrads)
            layer.attentionNorm.backward(dy: ws.inGrad, normalized: cache.attentionHat, rstd: cache.attentionRstd,
                                         addingTo: &ws.streamGrad, parameterGrads: parameterGrads)
        }
        let c = channels
        if parameterGrads {
            projIn.weight.zeroGrad()
            projIn.bias.zeroGrad()
        }
        ws.streamGrad.data.withUnsafeBufferPointer { pd in
            projIn.weight.value.data.withUnsafeBufferPointer { pw in
                projIn.weight.grad.data.withUnsafeMutableBufferPointer { dw in
                    projIn.bias.grad.data.withUnsafeMutableBufferPointer { db in
                        for r in 0..<ws.batch {
                            let row = pd.baseAddress! + r * c, u = ws.input[r]
                            var g: Float = 0
                            for k in 0..<c { g += row[k] * pw[k] }
                            ws.inputGrad[r] = g
                            if parameterGrads {
                                for k in 0..<c {
                                    dw[k] += row[k] * u
                                    db[k] += row[k]
                                }
                            }
                        }
                    }
                }
            }
        }
        // proj_in's bias and the position embedding are both added to every row: their gradients are equal.
        if parameterGrads {
            for k in 0..<c { position.grad.data[k] = projIn.bias.grad.data[k] }
        }
    }
}

/// y ← y + x·Wᵀ + b: a residual sublayer's output added in place (no extra buffer, one gemm with β = 1).
private func addLinear(_ layer: Linear, _ x: Matrix, to y: inout Matrix) {
    let n = layer.outFeatures
    y.data.withUnsafeMutableBufferPointer { py in
        layer.bias.value.data.withUnsafeBufferPointer { pb in
            for r in 0..<x.rows {
                let row = py.baseAddress! + r * n
                for c in 0..<n { row[c] += pb[c] }
            }
        }
    }
    BLAS.gemm(x, layer.weight.value, transposeB: true, into: &y, beta: 1)
}

/// dx = dy·W, and the layer's dW, db when asked (the denoising gradient needs only dx).
private func backLinear(_ layer: Linear, x: Matrix, dy: Matrix, dx: inout Matrix, _ parameterGrads: Bool) {
    if parameterGrads {
        layer.backward(x: x, dy: dy, dx: &dx)
    } else {
        BLAS.gemm(dy, layer.weight.value, into: &dx)
    }
}
