import Foundation
import Testing
@testable import Models

/// An independent Double-precision forward pass of an MLP, for finite differences.
private func referenceLoss(_ mlp: MLP, x: Matrix, target: Matrix, override: (Int, Int, Double)? = nil) -> Double {
    let params = mlp.parameters
    func value(_ p: Int, _ i: Int) -> Double {
        if let (op, oi, v) = override, op == p, oi == i { return v }
        return Double(params[p].value.data[i])
    }
    var h: [[Double]] = (0..<x.rows).map { r in (0..<x.cols).map { Double(x[r, $0]) } }
    for (li, layer) in mlp.layers.enumerated() {
        let w = 2 * li, b = 2 * li + 1
        let out = layer.outFeatures, inn = layer.inFeatures
        h = h.map { row in
            (0..<out).map { o in
                var s = value(b, o)
                for k in 0..<inn { s += value(w, o * inn + k) * row[k] }
                if li == mlp.layers.count - 1 { return s }
                switch mlp.shape.activation {
                case .silu: return s / (1 + exp(-s))
                case .tanh: return tanh(s)
                case .relu: return max(0, s)
                case .gelu: return 0.5 * s * (1 + tanh(0.7978845608028654 * (s + 0.044715 * s * s * s)))
                }
            }
        }
    }
    var loss = 0.0
    for r in 0..<x.rows {
        for c in 0..<target.cols { let d = h[r][c] - Double(target[r, c]); loss += d * d }
    }
    return loss / Double(x.rows)
}

/// Largest relative gap between each parameter's stored gradient and the central difference of `referenceLoss`.
private func worstParameterGradientError(_ mlp: MLP, x: Matrix, target: Matrix, h: Double = 1e-4) -> Double {
    var worst = 0.0
    for (pi, p) in mlp.parameters.enumerated() {
        for i in 0..<p.count {
            let v = Double(p.value.data[i])
            let numeric = (referenceLoss(mlp, x: x, target: target, override: (pi, i, v + h))
                - referenceLoss(mlp, x: x, target: target, override: (pi, i, v - h))) / (2 * h)
            let analytic = Double(p.grad.data[i])
            worst = max(worst, abs(numeric - analytic) / max(1e-2, abs(numeric) + abs(analytic)))
        }
    }
    return worst
}

@Suite struct GradientCheckTests {
    /// The fused dense kernels' backward (narrow input, hidden widths of whole registers, 2-wide output), 3→8→16→2
    /// non-square so a transposed gradient cannot pass; 7 rows so the output kernel's 4-row blocks leave a tail.
    @Test(.enabled(if: cpuHasNativeKernels, "this CPU has no AVX2+FMA: the fused kernels cannot run here"))
    func fusedBackwardMatchesCentralDifferences() {
        var rng = RNG(seed: 12)
        let mlp = MLP(MLPShape(input: 3, hidden: [8, 16], output: 2), rng: &rng)
        #expect(mlp.fusedFits)
        var x = Matrix(rows: 7, cols: 3), target = Matrix(rows: 7, cols: 2)
        rng.fillNormal(&x)
        rng.fillNormal(&target)
        let ws = MLPWorkspace(shape: mlp.shape, batch: 7)
        ws.input = x
        mlp.forward(ws)
        let loss = squaredErrorLossAndGrad(output: ws.output, target: target, grad: &ws.outputGrad)
        #expect(abs(Double(loss) - referenceLoss(mlp, x: x, target: target)) < 1e-4 * max(1, Double(loss)))
        mlp.backward(ws)
        let worst = worstParameterGradientError(mlp, x: x, target: target)
        #expect(worst < 2e-3, "worst relative gradient error \(worst) on the fused path")
    }

    /// Non-square layers (3→5→4→2), so a transposed weight gradient cannot pass.
    @Test(arguments: Activation.allCases)
    func backwardMatchesCentralDifferences(_ activation: Activation) {
        var rng = RNG(seed: 11)
        let mlp = MLP(MLPShape(input: 3, hidden: [5, 4], output: 2, activation: activation), rng: &rng)
        var x = Matrix(rows: 6, cols: 3), target = Matrix(rows: 6, cols: 2)
        rng.fillNormal(&x)
        rng.fillNormal(&target)
        let ws = MLPWorkspace(shape: mlp.shape, batch: 6)
        ws.input = x
        mlp.forward(ws)
        let loss = squaredErrorLossAndGrad(output: ws.output, target: target, grad: &ws.outputGrad)
        #expect(abs(Double(loss) - referenceLoss(mlp, x: x, target: target)) < 1e-4 * max(1, Double(loss)))
        mlp.backward(ws, inputGrad: true)
        let worst = worstParameterGradientError(mlp, x: x, target: target)
        // ReLU's kink can sit within h of a pre-activation; every other case is smooth.
        #expect(worst < (activation == .relu ? 5e-2 : 2e-3), "worst relative gradient error \(worst) for \(activation)")
    }

    @Test func inputGradientMatchesFiniteDifferences() {
        var rng = RNG(seed: 5)
        let mlp = MLP(MLPShape(input: 3, hidden: [7], output: 2, activation: .tanh), rng: &rng)
        var x = Matrix(rows: 2, cols: 3), target = Matrix(rows: 2, cols: 2)
        rng.fillNormal(&x)
        rng.fillNormal(&target)
        let ws = MLPWorkspace(shape: mlp.shape, batch: 2)
        ws.input = x
        mlp.forward(ws)
        _ = squaredErrorLossAndGrad(output: ws.output, target: target, grad: &ws.outputGrad)
        mlp.backward(ws, inputGrad: true)
        for i in 0..<x.count {
            var xp = x, xm = x
            xp.data[i] += 1e-3
            xm.data[i] -= 1e-3
            let numeric = (referenceLoss(mlp, x: xp, target: target) - referenceLoss(mlp, x: xm, target: target)) / 2e-3
            #expect(abs(numeric - Double(ws.inputGrad.data[i])) < 1e-3 * max(1, abs(numeric)))
        }
    }

    @Test func linearInitFollowsPyTorchBounds() {
        var rng = RNG(seed: 3)
        let layer = Linear(64, 32, role: .hiddenMatrix, name: "l", rng: &rng)
        let bound: Float = 1 / 8
        #expect(layer.weight.value.data.allSatisfy { abs($0) <= bound })
        #expect(layer.bias.value.data.allSatisfy { abs($0) <= bound })
        // U(−b, b) has variance b²/3.
        let v = layer.weight.value.data.reduce(0) { $0 + Double($1 * $1) } / Double(layer.weight.count)
        #expect(abs(v - Double(bound * bound) / 3) < 0.1 * Double(bound * bound) / 3)
    }

    @Test func activationsMatchTheirDefinitions() {
        let z = Matrix(rows: 1, cols: 11, data: (0..<11).map { Float($0 - 5) * 0.9 })
        for act in Activation.allCases {
            var y = Matrix(rows: 1, cols: 11), aux = Matrix(rows: 1, cols: 11)
            act.forward(z, into: &y, aux: &aux)
            for i in 0..<11 {
                let s = Double(z.data[i])
                let expected: Double = switch act {
                case .silu: s / (1 + exp(-s))
                case .tanh: tanh(s)
                case .relu: max(0, s)
                case .gelu: 0.5 * s * (1 + tanh(0.7978845608028654 * (s + 0.044715 * s * s * s)))
                }
                #expect(abs(Double(y.data[i]) - expected) < 1e-5, "\(act)(\(s))")
            }
        }
    }

    @Test func fourierFeaturesAreSinesAndCosinesOfDoublingFrequencies() {
        var row = [Float](repeating: 0, count: 4)
        row.withUnsafeMutableBufferPointer { TimeEncoding.fourier(count: 2).encode(0.1, into: $0.baseAddress!) }
        #expect(abs(row[0] - Float(sin(2 * Double.pi * 0.1))) < 1e-6)
        #expect(abs(row[1] - Float(cos(2 * Double.pi * 0.1))) < 1e-6)
        #expect(abs(row[2] - Float(sin(4 * Double.pi * 0.1))) < 1e-6)
        #expect(abs(row[3] - Float(cos(4 * Double.pi * 0.1))) < 1e-6)
    }
}
