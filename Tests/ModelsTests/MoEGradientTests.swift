import Foundation
import Testing
@testable import Models

/// An independent Double-precision MoE forward pass: L = Σ m ⊙ T + α·E·Σ f_i·P_i, parameters read from `values`.
private func referenceLoss(_ layer: MoELayer, values: [[Double]], x: [[Double]], target: [[Double]]) -> Double {
    let s = layer.shape, e = s.experts, w = s.width, f = s.expertHidden
    let router = values[0], routerBias = values[1]
    var loss = 0.0
    var counts = [Double](repeating: 0, count: e), meanP = [Double](repeating: 0, count: e)
    for (t, row) in x.enumerated() {
        var rho = (0..<e).map { i in routerBias[i] + (0..<w).reduce(0.0) { $0 + router[i * w + $1] * row[$1] } }
        switch s.score {
        case .softmax:
            let m = rho.max()!
            let ex = rho.map { exp($0 - m) }
            rho = ex.map { $0 / ex.reduce(0, +) }
        case .sigmoid:
            rho = rho.map { 1 / (1 + exp(-$0)) }
        }
        for i in 0..<e { meanP[i] += rho[i] / rho.reduce(0, +) / Double(x.count) }
        let chosen = (0..<e).sorted { rho[$0] + Double(layer.bias[$0]) > rho[$1] + Double(layer.bias[$1]) }.prefix(s.topK)
        let total = chosen.reduce(0.0) { $0 + rho[$1] }
        for i in chosen {
            counts[i] += 1
            let gate = s.normalizeGates ? rho[i] / total : rho[i]
            let up = values[2 + 4 * i], upB = values[3 + 4 * i], down = values[4 + 4 * i], downB = values[5 + 4 * i]
            let hidden = (0..<f).map { j -> Double in
                let z = upB[j] + (0..<w).reduce(0.0) { $0 + up[j * w + $1] * row[$1] }
                return z / (1 + exp(-z))
            }
            for c in 0..<w {
                let y = downB[c] + (0..<f).reduce(0.0) { $0 + down[c * f + $1] * hidden[$1] }
                loss += gate * y * target[t][c]
            }
        }
    }
    let assignments = Double(x.count * s.topK)
    let aux = (0..<e).reduce(0.0) { $0 + counts[$1] / assignments * meanP[$1] }
    return loss + Double(layer.auxAlpha) * Double(e) * aux
}

@Suite struct MoEGradientTests {
    /// Non-square shapes (width 5, expert hidden 3, 4 experts, top-2) so a transposed gradient cannot pass.
    @Test(arguments: [(RouterScore.softmax, true), (.sigmoid, true), (.softmax, false), (.sigmoid, false)])
    func backwardMatchesCentralDifferences(_ score: RouterScore, _ normalize: Bool) {
        var rng = RNG(seed: 21)
        let shape = MoEShape(width: 5, expertHidden: 3, experts: 4, topK: 2, score: score, normalizeGates: normalize)
        let layer = MoELayer(shape, rng: &rng)
        layer.auxAlpha = 0.3
        layer.bias = [0.05, -0.02, 0.0, 0.03]
        let n = 7
        let ws = MoEWorkspace(shape: shape, batch: n)
        rng.fillNormal(&ws.input)
        var target = Matrix(rows: n, cols: 5)
        rng.fillNormal(&target)
        layer.forward(ws)
        ws.outputGrad = target
        layer.backward(ws, inputGrad: true)

        let x = (0..<n).map { r in (0..<5).map { Double(ws.input[r, $0]) } }
        let t = (0..<n).map { r in (0..<5).map { Double(target[r, $0]) } }
        var values = layer.parameters.map { $0.value.data.map(Double.init) }
        var analyticLoss = ws.auxLoss
        for r in 0..<n { for c in 0..<5 { analyticLoss += ws.output[r, c] * target[r, c] } }
        let base = referenceLoss(layer, values: values, x: x, target: t)
        #expect(abs(Double(analyticLoss) - base) < 1e-4 * max(1, abs(base)))

        let h = 1e-5
        var worst = 0.0
        for (pi, p) in layer.parameters.enumerated() {
            for i in 0..<p.count {
                let v = values[pi][i]
                values[pi][i] = v + h
                let up = referenceLoss(layer, values: values, x: x, target: t)
                values[pi][i] = v - h
                let down = referenceLoss(layer, values: values, x: x, target: t)
                values[pi][i] = v
                let numeric = (up - down) / (2 * h)
                worst = max(worst, abs(numeric - Double(p.grad.data[i])) / max(1e-2, abs(numeric) + abs(Double(p.grad.data[i]))))
            }
        }
        #expect(worst < 2e-3, "worst relative parameter-gradient error \(worst)")

        var worstInput = 0.0
        for r in 0..<n {
            for c in 0..<5 {
                var xp = x, xm = x
                xp[r][c] += h
                xm[r][c] -= h
                let numeric = (referenceLoss(layer, values: values, x: xp, target: t) - referenceLoss(layer, values: values, x: xm, target: t)) / (2 * h)
                let analytic = Double(ws.inputGrad[r, c])
                worstInput = max(worstInput, abs(numeric - analytic) / max(1e-2, abs(numeric) + abs(analytic)))
            }
        }
        #expect(worstInput < 2e-3, "worst relative input-gradient error \(worstInput)")
    }

    /// The whole velocity net (trunk, residual MoE, output layer) against central differences of its own Float loss.
    @Test func flowNetBackwardMatchesFiniteDifferences() {
        var rng = RNG(seed: 4)
        let net = MoEFlowNet(MoEFlowShape(moe: MoEShape(width: 6, expertHidden: 4, experts: 3, topK: 2, score: .sigmoid)), rng: &rng)
        net.moe.auxAlpha = 0.1
        let ws = net.workspace
        ws.prepare(batch: 5)
        rng.fillNormal(&ws.input)
        var target = Matrix(rows: 5, cols: 2)
        rng.fillNormal(&target)
        func loss() -> Double {
            net.forward(ws)
            var g = ws.outputGrad
            return Double(squaredErrorLossAndGrad(output: ws.output, target: target, grad: &g)) + Double(ws.moe.auxLoss)
        }
        _ = loss()
        _ = squaredErrorLossAndGrad(output: ws.output, target: target, grad: &ws.outputGrad)
        net.backward(ws)
        let grads = net.parameters.map(\.grad)
        let h: Float = 2e-3
        var worst = 0.0
        for (pi, p) in [net.inLayer.weight, net.outLayer.weight, net.moe.router.weight, net.moe.experts[1].up.weight].enumerated() {
            let grad = [grads[0], grads[grads.count - 2], grads[2], net.moe.experts[1].up.weight.grad][pi]
            for i in 0..<p.count {
                let v = p.value.data[i]
                p.value.data[i] = v + h
                let up = loss()
                p.value.data[i] = v - h
                let down = loss()
                p.value.data[i] = v
                let numeric = (up - down) / Double(2 * h)
                worst = max(worst, abs(numeric - Double(grad.data[i])) / max(1e-2, abs(numeric) + abs(Double(grad.data[i]))))
            }
        }
        #expect(worst < 2e-2, "worst relative gradient error \(worst)")
    }
}
