import CKernels
import Foundation

/// A velocity field that also gives its divergence ∇·v = tr ∂v/∂x, exactly (in 2D: two Jacobian entries).
public protocol DivergenceField: VelocityField {
    /// v(x, t) and ∇·v(x, t) for a batch of points (flat n×2) at one time.
    func velocityAndDivergence(_ x: [Float], t: Float, velocity: inout [Float], divergence: inout [Double])
    /// The prior at t = 1 is N(0, priorVariance·I) (1 for flows to a standard normal).
    var priorVariance: Double { get }
    /// RK4 steps the core's likelihood takes (and half as many for `flow_kl_half`).
    var likelihoodSteps: Int { get }
}

extension DivergenceField {
    public var priorVariance: Double { 1 }
    public var likelihoodSteps: Int { GenerativeExperiment.likelihoodSteps }
}

/// The exact log-likelihood of an ODE model (the continuous-normalising-flow view): along dx/dt = v(x, t) from
/// data (t = 0) to noise (t = 1), d log p(x_t)/dt = −∇·v, so
/// log p₀(x₀) = log N(x₁; 0, vI) + ∫₀¹ ∇·v(x_t, t) dt (v = `priorVariance`). Integrated with classical RK4 on
/// (x, ∫∇·v) in `steps` steps.
public func odeLogLikelihood(_ field: DivergenceField, points x0: [Float], steps: Int) -> [Double] {
    precondition(steps >= 1)
    let n = x0.count / 2
    let h = 1 / Float(steps)
    var x = x0
    var logdet = [Double](repeating: 0, count: n)
    var k = [[Float]](repeating: [Float](repeating: 0, count: x0.count), count: 4)
    var d = [[Double]](repeating: [Double](repeating: 0, count: n), count: 4)
    var probe = x
    for i in 0..<steps where !EvaluationCancellation.requested {
        let t = Float(i) * h
        let offsets: [Float] = [0, 0.5, 0.5, 1]
        for stage in 0..<4 {
            if stage == 0 {
                probe = x
            } else {
                let a = offsets[stage] * h
                for j in probe.indices { probe[j] = x[j] + a * k[stage - 1][j] }
            }
            field.velocityAndDivergence(probe, t: t + offsets[stage] * h, velocity: &k[stage], divergence: &d[stage])
        }
        for j in x.indices { x[j] += h / 6 * (k[0][j] + 2 * k[1][j] + 2 * k[2][j] + k[3][j]) }
        let hd = Double(h) / 6
        for p in 0..<n { logdet[p] += hd * (d[0][p] + 2 * d[1][p] + 2 * d[2][p] + d[3][p]) }
    }
    let v = field.priorVariance, logNormal = -log(2 * Double.pi * v)
    return (0..<n).map { p in
        let a = Double(x[2 * p]), b = Double(x[2 * p + 1])
        return logNormal - 0.5 * (a * a + b * b) / v + logdet[p]
    }
}

extension FlowNet: DivergenceField {
    /// One forward pass on the likelihood's own buffers, then the 2×2 Jacobian's trace.
    public func velocityAndDivergence(_ x: [Float], t: Float, velocity: inout [Float], divergence: inout [Double]) {
        let n = x.count / 2
        let ws = likelihoodWorkspace
        ws.prepare(batch: n)
        for i in 0..<n { fillInput(&ws.input, row: i, x: x[2 * i], y: x[2 * i + 1], t: t) }
        mlp.forward(ws)
        for j in 0..<(2 * n) { velocity[j] = ws.output.data[j] }
        if features == nil { return mlp.planarJacobianTrace(ws, into: &divergence) }
        mlp.planarJacobianTrace(ws, into: &divergence) { positionGradient(ws, row: $0, t: t) }
    }
}

/// `LAB_TRACE=backward` in the environment takes the two-backward-pass trace everywhere (side-by-side timing, and the
/// evaluation's instruction guard's known-bad case).
enum JacobianTrace {
    static let bilinear = getenv("LAB_TRACE").map { String(cString: $0) != "backward" } ?? true
}

extension MLP {
    /// tr ∂out/∂in over the first two inputs and the two outputs, per row of the last forward pass on `ws`: two backward
    /// passes with output gradients e₁ and e₂ whose input gradients' matching entries are ∂out₁/∂x and ∂out₂/∂y (no
    /// Hutchinson estimate needed in 2D). The passes leave the parameters' gradients alone.
    /// `position` reads row i's ∂/∂(x, y) after a pass (the first two input gradients unless the input holds features of x).
    func planarJacobianTrace(_ ws: MLPWorkspace, into divergence: inout [Double],
                             position: (Int) -> SIMD2<Float>) {
        let n = ws.batch
        if divergence.count != n { divergence = [Double](repeating: 0, count: n) }
        for axis in 0..<2 {
            for i in 0..<n {
                ws.outputGrad[i, 0] = axis == 0 ? 1 : 0
                ws.outputGrad[i, 1] = axis == 1 ? 1 : 0
            }
            backward(ws, inputGrad: true, parameterGrads: false)
            for i in 0..<n { divergence[i] = (axis == 0 ? 0 : divergence[i]) + Double(position(i)[axis]) }
        }
    }

    /// The trace when x and y are the first two inputs themselves: one product for a SiLU net with two hidden layers
    /// (`bilinearTrace`), two backward passes otherwise.
    func planarJacobianTrace(_ ws: MLPWorkspace, into divergence: inout [Double]) {
        if bilinearTraceFits { return bilinearTrace(ws, into: &divergence) }
        planarJacobianTrace(ws, into: &divergence) { SIMD2(ws.inputGrad[$0, 0], ws.inputGrad[$0, 1]) }
    }

    /// True when `planarJacobianTrace` takes the one-product trace (it reads the forward pass only, so a narrowed
    /// forward, `SharedLevelForward`, can feed it).
    var bilinearTraceFits: Bool {
        JacobianTrace.bilinear && layers.count == 3 && shape.activation == .silu && shape.output == 2 && shape.input >= 2
    }

    /// tr ∂out/∂(x, y) of a net in → h₁ → h₂ → 2 with SiLU, from the last forward pass, in one product instead of two
    /// backward passes (issue 28). With sₗ = SiLU′(zₗ) per row, J = W₃ D(s₂) W₂ D(s₁) W₁[:, 0..1], so
    /// tr J = Σₐ Σⱼₖ W₃[a, j] s₂ⱼ W₂[j, k] s₁ₖ W₁[k, a] = s₂ᵀ M s₁ with M = W₂ ⊙ (Σₐ W₃[a, :]ᵀ W₁[:, a]ᵀ), fixed
    /// for the pass. SiLU′ = σ + y(1 − σ) from the forward's σ (`auxs`) and y (`xs`).
    func bilinearTrace(_ ws: MLPWorkspace, into divergence: inout [Double]) {
        let n = ws.batch, w1 = layers[0].weight.value, w2 = layers[1].weight.value, w3 = layers[2].weight.value
        let h1 = w2.cols, h2 = w2.rows, inputs = w1.cols
        ws.traceMatrix.reshape(rows: h2, cols: h1)
        w1.data.withUnsafeBufferPointer { p1 in w2.data.withUnsafeBufferPointer { p2 in w3.data.withUnsafeBufferPointer { p3 in
            ws.traceMatrix.data.withUnsafeMutableBufferPointer { m in
                for j in 0..<h2 {
                    let a0 = p3[j], a1 = p3[h2 + j]
                    for k in 0..<h1 { m[j * h1 + k] = p2[j * h1 + k] * (a0 * p1[k * inputs] + a1 * p1[k * inputs + 1]) }
                }
            }
        } } }
        if divergence.count != n { divergence = [Double](repeating: 0, count: n) }
        if nativeKernels && h1 % 8 == 0 && h2 % 8 == 0 { return nativeBilinearTrace(ws, into: &divergence) }
        siluDerivative(y: ws.xs[1], sigma: ws.auxs[0], into: &ws.dx[1])
        BLAS.gemm(ws.dx[1], ws.traceMatrix, transposeB: true, into: &ws.dx[2])
        siluDerivative(y: ws.xs[2], sigma: ws.auxs[1], into: &ws.dz)
        ws.dx[2].data.withUnsafeBufferPointer { py in ws.dz.data.withUnsafeBufferPointer { ps in
            for i in 0..<n {
                var t: Float = 0
                for j in 0..<h2 { t += ps[i * h2 + j] * py[i * h2 + j] }
                divergence[i] = Double(t)
            }
        } }
    }
}

extension MLP {
    /// `bilinearTrace`'s two elementwise passes in AVX2 (`ck_trace.h`): SiLU′ of the first hidden layer, the product
    /// with M, then SiLU′ of the second dotted with it row by row (eight lanes, so the sum's rounding differs from
    /// the scalar loop's: flow_kl moves in its last digits only).
    fileprivate func nativeBilinearTrace(_ ws: MLPWorkspace, into divergence: inout [Double]) {
        let n = ws.batch
        ws.xs[1].data.withUnsafeBufferPointer { py in ws.auxs[0].data.withUnsafeBufferPointer { ps in
            ws.dx[1].data.withUnsafeMutableBufferPointer { g in ck_silu_grad(py.baseAddress!, ps.baseAddress!, g.baseAddress!, g.count) }
        } }
        BLAS.gemm(ws.dx[1], ws.traceMatrix, transposeB: true, into: &ws.dx[2])
        let h2 = ws.xs[2].cols
        ws.xs[2].data.withUnsafeBufferPointer { py in ws.auxs[1].data.withUnsafeBufferPointer { ps in
            ws.dx[2].data.withUnsafeBufferPointer { pp in divergence.withUnsafeMutableBufferPointer { out in
                ck_silu_grad_dot(py.baseAddress!, ps.baseAddress!, pp.baseAddress!, out.baseAddress!, n, h2)
            } }
        } }
    }
}

/// SiLU′(z) = σ + y(1 − σ) for every entry, from the forward pass's y = z·σ(z) and σ(z); `out` takes y's shape.
private func siluDerivative(y: Matrix, sigma: Matrix, into out: inout Matrix) {
    out.reshape(rows: y.rows, cols: y.cols)
    y.data.withUnsafeBufferPointer { py in sigma.data.withUnsafeBufferPointer { ps in
        out.data.withUnsafeMutableBufferPointer { po in
            for i in 0..<po.count { po[i] = ps[i] + py[i] * (1 - ps[i]) }
        }
    } }
}

extension ExactFlowField: DivergenceField {
    /// The exact field's divergence by central differences in Double (step 1e-5: error ~1e-10, far below what is measured).
    public func velocityAndDivergence(_ x: [Float], t: Float, velocity: inout [Float], divergence: inout [Double]) {
        self.velocity(x, t: t, into: &velocity)
        let n = x.count / 2
        if divergence.count != n { divergence = [Double](repeating: 0, count: n) }
        let h = 1e-5
        for i in 0..<n {
            let p = SIMD2(Double(x[2 * i]), Double(x[2 * i + 1]))
            let dx = exactVelocity(mixture, x: p + SIMD2(h, 0), t: Double(t)).x - exactVelocity(mixture, x: p - SIMD2(h, 0), t: Double(t)).x
            let dy = exactVelocity(mixture, x: p + SIMD2(0, h), t: Double(t)).y - exactVelocity(mixture, x: p - SIMD2(0, h), t: Double(t)).y
            divergence[i] = (dx + dy) / (2 * h)
        }
    }
}
