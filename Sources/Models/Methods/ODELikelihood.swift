import Foundation

/// A velocity field that also gives its divergence ∇·v = tr ∂v/∂x, exactly (in 2D: two Jacobian entries).
public protocol DivergenceField: VelocityField {
    /// v(x, t) and ∇·v(x, t) for a batch of points (flat n×2) at one time.
    func velocityAndDivergence(_ x: [Float], t: Float, velocity: inout [Float], divergence: inout [Double])
}

/// The exact log-likelihood of an ODE model (the continuous-normalising-flow view): along dx/dt = v(x, t) from
/// data (t = 0) to noise (t = 1), d log p(x_t)/dt = −∇·v, so
/// log p₀(x₀) = log N(x₁; 0, I) + ∫₀¹ ∇·v(x_t, t) dt. Integrated with classical RK4 on (x, ∫∇·v) in `steps` steps.
public func odeLogLikelihood(_ field: DivergenceField, points x0: [Float], steps: Int) -> [Double] {
    precondition(steps >= 1)
    let n = x0.count / 2
    let h = 1 / Float(steps)
    var x = x0
    var logdet = [Double](repeating: 0, count: n)
    var k = [[Float]](repeating: [Float](repeating: 0, count: x0.count), count: 4)
    var d = [[Double]](repeating: [Double](repeating: 0, count: n), count: 4)
    var probe = x
    for i in 0..<steps {
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
    let logNormal = -log(2 * Double.pi)
    return (0..<n).map { p in
        let a = Double(x[2 * p]), b = Double(x[2 * p + 1])
        return logNormal - 0.5 * (a * a + b * b) + logdet[p]
    }
}

extension FlowNet: DivergenceField {
    /// One forward pass, then two backward passes with output gradients e₁ and e₂: the input gradients' matching
    /// entries are ∂v₁/∂x and ∂v₂/∂y, whose sum is the divergence (no Hutchinson estimate needed in 2D). The
    /// backward passes write the parameters' gradients, which the next training step overwrites.
    public func velocityAndDivergence(_ x: [Float], t: Float, velocity: inout [Float], divergence: inout [Double]) {
        let n = x.count / 2
        let ws = likelihoodWorkspace
        ws.prepare(batch: n)
        for i in 0..<n { fillInput(&ws.input, row: i, x: x[2 * i], y: x[2 * i + 1], t: t) }
        mlp.forward(ws)
        for j in 0..<(2 * n) { velocity[j] = ws.output.data[j] }
        if divergence.count != n { divergence = [Double](repeating: 0, count: n) }
        for axis in 0..<2 {
            for i in 0..<n {
                ws.outputGrad[i, 0] = axis == 0 ? 1 : 0
                ws.outputGrad[i, 1] = axis == 1 ? 1 : 0
            }
            mlp.backward(ws, inputGrad: true)
            for i in 0..<n { divergence[i] = (axis == 0 ? 0 : divergence[i]) + Double(ws.inputGrad[i, axis]) }
        }
    }
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
