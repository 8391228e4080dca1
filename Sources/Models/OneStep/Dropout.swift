/// Dropout on an MLP's hidden activations (Srivastava et al. 2014), iCT's regulariser (rate 0.3 on CIFAR-10): each
/// hidden unit of each row is zeroed with probability p and the rest scaled by 1/(1 − p). One draw of masks serves
/// a student pass and its stop-gradient teacher pass, as the official CT code restores the dropout RNG for the target.
final class DropoutMasks {
    let rate: Float
    /// Per hidden layer: the mask (0 or 1/(1 − p)) and the masked activations the next layer reads.
    private(set) var masks: [Matrix] = []
    private(set) var dropped: [Matrix] = []

    init(rate: Float) { self.rate = rate }

    /// Fresh masks for a batch of `rows` through `mlp`'s hidden layers.
    func draw(rows: Int, for mlp: MLP, rng: inout RNG) {
        let widths = mlp.shape.hidden
        if masks.count != widths.count || masks.first?.rows != rows {
            masks = widths.map { Matrix(rows: rows, cols: $0) }
            dropped = masks
        }
        let keep = 1 / (1 - rate)
        for k in masks.indices {
            for j in 0..<masks[k].count { masks[k].data[j] = rng.uniformFloat() < rate ? 0 : keep }
        }
    }

    /// y ∘ mask of hidden layer `k`, into its `dropped` buffer.
    fileprivate func apply(_ k: Int, _ y: Matrix) {
        for j in 0..<y.count { dropped[k].data[j] = y.data[j] * masks[k].data[j] }
    }
}

extension MLP {
    /// `forward(_:)` with `dropout`'s masks on every hidden activation (the masks must be drawn for this batch).
    func forward(_ ws: MLPWorkspace, dropout d: DropoutMasks) {
        let last = layers.count - 1
        for i in 0...last {
            layers[i].forward(i == 0 ? ws.xs[0] : d.dropped[i - 1], into: &ws.zs[i])
            if i < last {
                shape.activation.forward(ws.zs[i], into: &ws.xs[i + 1], aux: &ws.auxs[i])
                d.apply(i, ws.xs[i + 1])
            }
        }
    }

    /// `backward(_:)` after `forward(_:dropout:)` with the same masks: ∂L/∂y = mask ∘ ∂L/∂(y ∘ mask).
    func backward(_ ws: MLPWorkspace, dropout d: DropoutMasks) {
        let last = layers.count - 1
        for i in stride(from: last, through: 0, by: -1) {
            let input = i == 0 ? ws.xs[0] : d.dropped[i - 1]
            if i == last {
                layers[i].backward(x: input, dy: ws.dx[i + 1], dx: &ws.dx[i], computeInputGrad: i > 0)
            } else {
                for j in 0..<ws.dx[i + 1].count { ws.dx[i + 1].data[j] *= d.masks[i].data[j] }
                ws.dz.reshape(rows: ws.batch, cols: layers[i].outFeatures)
                shape.activation.backward(dy: ws.dx[i + 1], y: ws.xs[i + 1], aux: ws.auxs[i], into: &ws.dz)
                layers[i].backward(x: input, dy: ws.dz, dx: &ws.dx[i], computeInputGrad: i > 0)
            }
        }
    }
}
