import Foundation
@testable import Models

/// An independent Double-precision forward pass of a `TARFlow`, read from its parameters (one may be overridden),
/// for finite differences of the log-likelihood and its gradients.
struct TARFlowReference {
    let flow: TARFlow
    var override: (parameter: Int, index: Int, value: Double)?

    init(_ flow: TARFlow, override: (parameter: Int, index: Int, value: Double)? = nil) {
        self.flow = flow
        self.override = override
    }

    /// z and Σα of one point.
    func forward(_ x: [Double]) -> (z: [Double], logScale: Double) {
        var cursor = 0
        var state = x
        var logScale = 0.0
        for (b, block) in flow.blocks.enumerated() {
            let c = b % 2, t = 1 - c
            let (a, mu) = conditioner(block, state[c], cursor: &cursor)
            state[t] = (state[t] - mu) * exp(-a)
            logScale += a
        }
        return (state, logScale)
    }

    /// −log p(x) in nats per point.
    func negativeLogLikelihood(_ x: [Double]) -> Double {
        let f = forward(x)
        return 0.5 * (f.z[0] * f.z[0] + f.z[1] * f.z[1]) + log(2 * Double.pi) + f.logScale
    }

    /// The values of the next parameter in `flow.parameters` order.
    private func take(_ cursor: inout Int) -> [Double] {
        let p = flow.parameters[cursor]
        var v = p.value.data.map(Double.init)
        if let o = override, o.parameter == cursor { v[o.index] = o.value }
        cursor += 1
        return v
    }

    private func conditioner(_ block: TARFlowConditioner, _ u: Double, cursor: inout Int) -> (Double, Double) {
        let c = block.channels
        let wIn = take(&cursor), bIn = take(&cursor), pos = take(&cursor)
        var h = (0..<c).map { u * wIn[$0] + bIn[$0] + pos[$0] }
        for _ in block.layers {
            let g1 = take(&cursor), s1 = take(&cursor)
            let wv = take(&cursor), bv = take(&cursor), wo = take(&cursor), bo = take(&cursor)
            let attention = linear(wo, bo, linear(wv, bv, layerNorm(h, g1, s1)))
            h = zip(h, attention).map { $0 + $1 }
            let g2 = take(&cursor), s2 = take(&cursor)
            let w1 = take(&cursor), b1 = take(&cursor), w2 = take(&cursor), b2 = take(&cursor)
            let hidden = linear(w1, b1, layerNorm(h, g2, s2)).map { s in 0.5 * s * (1 + tanh(0.7978845608028654 * (s + 0.044715 * s * s * s))) }
            h = zip(h, linear(w2, b2, hidden)).map { $0 + $1 }
        }
        let wOut = take(&cursor), bOut = take(&cursor)
        let out = linear(wOut, bOut, h)
        return (out[0], out[1])
    }

    private func layerNorm(_ x: [Double], _ g: [Double], _ s: [Double]) -> [Double] {
        let n = Double(x.count)
        let mean = x.reduce(0, +) / n
        let v = x.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / n
        let r = 1 / (v + Double(LayerNorm.epsilon)).squareRoot()
        return x.indices.map { g[$0] * (x[$0] - mean) * r + s[$0] }
    }

    /// W [out × in] row-major, as `Linear` stores it.
    private func linear(_ w: [Double], _ b: [Double], _ x: [Double]) -> [Double] {
        let inputs = x.count
        return b.indices.map { o in b[o] + (0..<inputs).reduce(0) { $0 + w[o * inputs + $1] * x[$1] } }
    }
}

extension TARFlow {
    /// A small flow whose every parameter is randomised (proj_out's gently, so α stays O(0.3)): no block is the identity.
    static func randomised(blocks: Int = 3, channels: Int = 4, layers: Int = 1, expansion: Int = 2, seed: UInt64 = 7) -> TARFlow {
        var rng = RNG(seed: seed)
        let flow = TARFlow(blocks: blocks, channels: channels, layers: layers, expansion: expansion, rng: &rng)
        for p in flow.parameters {
            let scale: Float = p.name.contains("proj_out") ? 0.05 : 0.3
            for i in 0..<p.count { p.value.data[i] += scale * rng.normalFloat() }
        }
        return flow
    }
}
