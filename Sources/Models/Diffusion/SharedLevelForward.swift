/// ε_θ on a batch whose rows share one level and one class (every sampler step, every likelihood stage): the time
/// features and the one-hot are then the same in every row, so they fold into the input layer's bias,
/// b′ = b + W[:, 2…]·[features(t), one-hot(c)], and what is left is a net on (x, y) alone that the fused kernels run
/// (issue 28: ddpm's 18-wide input kept every sampler step on the BLAS path). The same function; its sums round in
/// another order, so sample and likelihood measures move in their last digits. Training rows each have their own level
/// and keep the full input.
final class SharedLevelForward {
    /// The 2-input net's buffers: fill nothing, `run` does; read `output` (and, for the trace, its hidden layers).
    let workspace: MLPWorkspace
    private var weight: Matrix
    private var bias: Matrix
    private var context: [Float]

    /// True when the fused kernels can run `mlp` with its input narrowed to (x, y) (whether they may, `FusedLayers.allowed`,
    /// is asked at each call, as `MLP.forward` does).
    static func fits(_ mlp: MLP) -> Bool {
        fusedPathFits(MLPShape(input: 2, hidden: mlp.shape.hidden, output: mlp.shape.output, activation: mlp.shape.activation))
    }

    init(_ mlp: MLP) {
        let s = mlp.shape, h = mlp.layers[0].outFeatures
        workspace = MLPWorkspace(shape: MLPShape(input: 2, hidden: s.hidden, output: s.output, activation: s.activation))
        weight = Matrix(rows: h, cols: 2)
        bias = Matrix(rows: 1, cols: h)
        context = [Float](repeating: 0, count: s.input - 2)
    }

    /// Runs `net` on the points `x` (n×2) at time `t` and class `condition`; the result is `workspace.output`.
    func run(_ net: EpsilonNet, _ x: [Float], t: Float, condition: Int?) {
        let n = x.count / 2
        workspace.prepare(batch: n)
        guard n > 0 else { return }
        context.withUnsafeMutableBufferPointer { c in
            for j in c.indices { c[j] = 0 }
            net.time.encode(t, into: c.baseAddress!)
            if let condition { c[net.time.width + condition] = 1 }
        }
        let first = net.mlp.layers[0], inputs = first.inFeatures
        first.weight.value.data.withUnsafeBufferPointer { w in first.bias.value.data.withUnsafeBufferPointer { b in
            context.withUnsafeBufferPointer { c in
                weight.data.withUnsafeMutableBufferPointer { w2 in bias.data.withUnsafeMutableBufferPointer { b2 in
                    for k in 0..<b2.count {
                        let row = w.baseAddress! + k * inputs
                        var z = b[k]
                        for j in c.indices where c[j] != 0 { z += row[2 + j] * c[j] }
                        b2[k] = z
                        w2[2 * k] = row[0]
                        w2[2 * k + 1] = row[1]
                    }
                } }
            }
        } }
        workspace.input.data.withUnsafeMutableBufferPointer { p in _ = p.update(fromContentsOf: x) }
        net.mlp.fusedForward(workspace, firstLayer: (weight, bias))
    }
}
