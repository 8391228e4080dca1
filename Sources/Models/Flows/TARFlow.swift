import Foundation

/// A batch's path through the flow: the state entering each block (the last is the latent z), Σα per row, and
/// every block's conditioner activations; allocated once per batch size.
public final class FlowWorkspace {
    public let batch: Int
    /// states[b] enters block b, flat [x0, y0, …]; states[blocks] is z.
    var states: [[Float]]
    /// Σ over blocks of α per row: minus the log-determinant of the Jacobian.
    var logScale: [Float]
    /// ∂L/∂(current state) during `backward`; ∂L/∂x afterwards.
    var grad: [Float]
    var conditioners: [ConditionerWorkspace]

    init(flow: TARFlow, batch n: Int) {
        batch = n
        states = [[Float]](repeating: [Float](repeating: 0, count: 2 * n), count: flow.blocks.count + 1)
        logScale = [Float](repeating: 0, count: n)
        grad = [Float](repeating: 0, count: 2 * n)
        conditioners = flow.blocks.map { $0.workspace(batch: n) }
    }

    /// The batch's input points (fill before `TARFlow.forward`).
    public var input: [Float] {
        get { states[0] }
        _modify { yield &states[0] }
    }

    /// The latent z of every row after `forward`.
    public var latent: [Float] { states[states.count - 1] }
    /// ∂L/∂x after `backward`.
    public var inputGrad: [Float] { grad }
}

/// A TARFLOW-style normalizing flow on 2D points (Zhai et al. 2024, apple/ml-tarflow): a stack of autoregressive
/// affine blocks on the 2-token sequence (x, y). Block b keeps token c = b mod 2 (orders alternate identity, flip) and
/// maps the other: z_t = (x_t − μ(x_c))·exp(−α(x_c)). The latent is N(0, I); the log-determinant is −Σ α.
///
/// log p(x) = −½‖z‖² − log 2π − Σ_b α_b. Per point, not per dimension: the paper's loss ½·mean(z²) − mean(logdet)
/// is (NLL − log 2π)/2 in 2D.
public final class TARFlow: HasParameters {
    public let blocks: [TARFlowConditioner]
    /// Rows per chunk of the evaluation passes (NLL, sampling, the denoising gradient).
    public static let chunk = 500
    private var evaluation: FlowWorkspace?

    public init(blocks n: Int, channels: Int, layers: Int, expansion: Int, rng: inout RNG) {
        precondition(n >= 1 && channels >= 1 && layers >= 0 && expansion >= 1, "a flow needs a block and a channel")
        blocks = (0..<n).map { TARFlowConditioner(channels: channels, layers: layers, expansion: expansion, name: "blocks.\($0)", rng: &rng) }
    }

    public var parameters: [Parameter] { blocks.flatMap(\.parameters) }

    public func workspace(batch n: Int) -> FlowWorkspace { FlowWorkspace(flow: self, batch: n) }

    /// The token block b keeps (and conditions on): 0 for the identity order, 1 for the flipped one.
    @inline(__always)
    static func kept(_ b: Int) -> Int { b % 2 }

    /// Data → latent through every block, keeping what `backward` needs.
    public func forward(_ ws: FlowWorkspace) {
        let n = ws.batch
        for r in 0..<n { ws.logScale[r] = 0 }
        for (b, block) in blocks.enumerated() {
            let c = Self.kept(b), t = 1 - c
            let cw = ws.conditioners[b]
            for r in 0..<n { cw.input[r] = ws.states[b][2 * r + c] }
            block.forward(cw)
            cw.out.data.withUnsafeBufferPointer { out in
                for r in 0..<n {
                    let a = out[2 * r], mu = out[2 * r + 1]
                    ws.states[b + 1][2 * r + c] = ws.states[b][2 * r + c]
                    ws.states[b + 1][2 * r + t] = (ws.states[b][2 * r + t] - mu) * exp(-a)
                    ws.logScale[r] += a
                }
            }
        }
    }

    /// −log p(x) of row r after `forward`, in nats per point.
    @inline(__always)
    public func negativeLogLikelihood(_ ws: FlowWorkspace, row r: Int) -> Float {
        let z = ws.latent
        return 0.5 * (z[2 * r] * z[2 * r] + z[2 * r + 1] * z[2 * r + 1]) + Self.logTwoPi + ws.logScale[r]
    }

    static let logTwoPi = Float(log(2 * Double.pi))

    /// Gradient of `weight`·Σ_rows NLL: ∂/∂x into `ws.inputGrad`, and every parameter's gradient when asked.
    public func backward(_ ws: FlowWorkspace, weight w: Float, parameterGrads: Bool) {
        let n = ws.batch
        let z = ws.latent
        for i in 0..<(2 * n) { ws.grad[i] = w * z[i] }
        for b in blocks.indices.reversed() {
            let c = Self.kept(b), t = 1 - c
            let cw = ws.conditioners[b]
            cw.out.data.withUnsafeBufferPointer { out in
                cw.outGrad.data.withUnsafeMutableBufferPointer { og in
                    for r in 0..<n {
                        let scale = exp(-out[2 * r])
                        let g = ws.grad[2 * r + t]
                        // z_t = (x_t − μ)·e^{−α}: ∂z_t/∂α = −z_t, ∂z_t/∂μ = −e^{−α}; the NLL adds α itself.
                        og[2 * r] = w - g * ws.states[b + 1][2 * r + t]
                        og[2 * r + 1] = -g * scale
                        ws.grad[2 * r + t] = g * scale
                    }
                }
            }
            blocks[b].backward(cw, parameterGrads: parameterGrads)
            for r in 0..<n { ws.grad[2 * r + c] += cw.inputGrad[r] }
        }
    }

    /// Latent → data: each block inverted in reverse order, x_t = z_t·exp(α(x_c)) + μ(x_c) (TARFLOW's sequential
    /// reverse; with two tokens, one conditioner call). With `frames`, the points after every block too.
    public func sample(_ noise: [Float], frames keep: Bool = false) -> (final: [Float], frames: [[Float]]) {
        var x = noise
        var frames = keep ? [noise] : []
        let ws = evaluationWorkspace()
        let cw = ws.conditioners[0]
        let n = x.count / 2
        for b in blocks.indices.reversed() {
            let c = Self.kept(b), t = 1 - c
            var start = 0
            while start < n {
                let m = min(Self.chunk, n - start)
                for r in 0..<Self.chunk { cw.input[r] = r < m ? x[2 * (start + r) + c] : 0 }
                blocks[b].forward(cw)
                for r in 0..<m {
                    let a = cw.out[r, 0], mu = cw.out[r, 1]
                    x[2 * (start + r) + t] = x[2 * (start + r) + t] * exp(a) + mu
                }
                start += m
            }
            if keep { frames.append(x) }
        }
        return (x, frames)
    }

    /// −log p of every point, in nats.
    public func negativeLogLikelihoods(_ points: [Float]) -> [Double] {
        var out: [Double] = []
        out.reserveCapacity(points.count / 2)
        chunks(points) { ws, m in
            forward(ws)
            for r in 0..<m { out.append(Double(negativeLogLikelihood(ws, row: r))) }
        }
        return out
    }

    /// The latent z of every point (the data pushed through the flow).
    public func encode(_ points: [Float]) -> [Float] {
        var out: [Float] = []
        out.reserveCapacity(points.count)
        chunks(points) { ws, m in
            forward(ws)
            out.append(contentsOf: ws.latent[0..<(2 * m)])
        }
        return out
    }

    /// ∇ₓ log p(x) of every point, by the hand-written backward pass (no parameter gradients).
    public func logDensityGradient(_ points: [Float]) -> [Float] {
        var out: [Float] = []
        out.reserveCapacity(points.count)
        chunks(points) { ws, m in
            forward(ws)
            backward(ws, weight: 1, parameterGrads: false)
            for i in 0..<(2 * m) { out.append(-ws.grad[i]) }
        }
        return out
    }

    /// TARFLOW's score-based denoising of samples from a model trained on x + σε: x ← x + σ²·∇ₓ log p(x)
    /// (Tweedie's formula; the reference takes one gradient step on the mean loss with lr = B·D·σ², the same step).
    public func denoise(_ points: [Float], sigma: Float) -> [Float] {
        guard sigma > 0 else { return points }
        let g = logDensityGradient(points)
        let s2 = sigma * sigma
        return zip(points, g).map { $0 + s2 * $1 }
    }

    /// Runs `body` on the evaluation workspace for each chunk of points (the tail padded with zeros).
    private func chunks(_ points: [Float], _ body: (FlowWorkspace, Int) -> Void) {
        let ws = evaluationWorkspace()
        let n = points.count / 2
        var start = 0
        while start < n {
            let m = min(Self.chunk, n - start)
            for i in 0..<(2 * Self.chunk) { ws.states[0][i] = i < 2 * m ? points[2 * start + i] : 0 }
            body(ws, m)
            start += m
        }
    }

    private func evaluationWorkspace() -> FlowWorkspace {
        if let ws = evaluation { return ws }
        let ws = workspace(batch: Self.chunk)
        evaluation = ws
        return ws
    }
}
