import Foundation

/// Which activations a deep net keeps for its backward pass (gradient checkpointing, Chen et al. 2016).
public enum CheckpointScheme: String, CaseIterable, Sendable {
    /// Every layer's input is kept: memory ∝ L, no recomputation.
    case all
    /// Every ⌈√L⌉-th layer's input is kept; each segment is recomputed once from its checkpoint during the backward
    /// pass: memory ∝ √L, about one extra forward pass.
    case sqrt
    /// Only the net's input is kept; each layer's input is recomputed from it, naively, when the backward pass needs
    /// it: memory O(1), L(L − 1)/2 extra layer passes (O(L²)).
    case none
}

/// A deep tanh MLP, y = tanh(W_L … tanh(W_1 x + b_1) … + b_L), of `layers` square layers, trained to zero output
/// (loss ½·mean‖y‖²), with its backward pass under each checkpointing scheme. The recomputed activations use the same
/// products in the same order, so every scheme's gradients are the same numbers.
public final class CheckpointedMLP {
    public let width: Int
    public let layers: [Linear]
    /// Floats of activations held right now, and the most at any time during the last step.
    public private(set) var storedFloats = 0
    public private(set) var peakFloats = 0

    public init(layers: Int, width: Int, seed: UInt64) {
        self.width = width
        var rng = RNG(seed: seed, stream: 3)
        self.layers = (0..<layers).map { Linear(width, width, role: .hiddenMatrix, name: "layer\($0)", rng: &rng) }
    }

    public var parameters: [Parameter] { layers.flatMap(\.parameters) }

    /// x_{i+1} = tanh(W_i·x_i + b_i).
    private func layerForward(_ i: Int, _ x: Matrix, into y: inout Matrix) {
        layers[i].forward(x, into: &y)
        y.data.withUnsafeMutableBufferPointer { p in for j in 0..<p.count { p[j] = tanh(p[j]) } }
    }

    /// Activations alive now (each rows × width floats); the peak becomes `peakFloats`.
    private var alive = 0
    private func hold(_ delta: Int, rows: Int) {
        alive += delta
        storedFloats = alive * rows * width
        peakFloats = max(peakFloats, storedFloats)
    }

    /// Backpropagates through layer i given its input x and output y = x_{i+1}: dz = dy ⊙ (1 − y²), dW, db, dx.
    private func layerBackward(_ i: Int, x: Matrix, y: Matrix, dy: inout Matrix, scratch dz: inout Matrix) {
        dz.data.withUnsafeMutableBufferPointer { d in
            y.data.withUnsafeBufferPointer { yy in
                dy.data.withUnsafeBufferPointer { g in
                    for j in 0..<d.count { d[j] = g[j] * (1 - yy[j] * yy[j]) }
                }
            }
        }
        layers[i].backward(x: x, dy: dz, dx: &dy, computeInputGrad: i > 0)
    }

    /// Layers between checkpoints: 1 (all), ⌈√L⌉ (sqrt), or the whole net (none: only the input is kept).
    public func segment(_ scheme: CheckpointScheme) -> Int {
        switch scheme {
        case .all: 1
        case .sqrt: Int(Double(layers.count).squareRoot().rounded(.up))
        case .none: layers.count
        }
    }

    /// One loss and gradient on `input` under `scheme`; `peakFloats` is the most activation storage held at once
    /// (checkpoints, the segment being backpropagated, the two gradient buffers and the forward scratch).
    @discardableResult
    public func lossAndGradient(_ input: Matrix, scheme: CheckpointScheme) -> Float {
        let L = layers.count, rows = input.rows, every = segment(scheme)
        alive = 0
        peakFloats = 0
        var kept: [Int: Matrix] = [0: input]
        hold(1, rows: rows)
        var x = input, y = Matrix(rows: rows, cols: width)
        hold(2, rows: rows)
        for i in 0..<L {
            layerForward(i, x, into: &y)
            swap(&x, &y)
            if (i + 1) % every == 0 && i + 1 < L {
                kept[i + 1] = x
                hold(1, rows: rows)
            }
        }
        // Loss ½·mean over rows of ‖x_L‖², so dL/dx_L = x_L / rows; x_L stays as the top layer's output.
        var loss: Float = 0
        var dy = x
        dy.data.withUnsafeMutableBufferPointer { p in
            for j in 0..<p.count {
                loss += 0.5 * p[j] * p[j]
                p[j] /= Float(rows)
            }
        }
        loss /= Float(rows)
        var dz = Matrix(rows: rows, cols: width)
        var output = x
        hold(1, rows: rows)
        // Backward, segment by segment from the top: recompute the segment's inputs from its checkpoint (for `none`,
        // from the net's input), keep them while the segment is backpropagated, then let them and the checkpoint go.
        var top = L
        while top > 0 {
            let start = scheme == .none ? top - 1 : ((top - 1) / every) * every
            var inputs = [scheme == .none ? recomputeInput(upTo: start, from: input) : kept[start]!]
            if scheme == .none { hold(1, rows: rows) }
            for i in start..<(top - 1) {
                var next = Matrix(rows: rows, cols: width)
                layerForward(i, inputs.last!, into: &next)
                inputs.append(next)
                hold(1, rows: rows)
            }
            for i in Swift.stride(from: top - 1, through: start, by: -1) {
                layerBackward(i, x: inputs[i - start], y: i + 1 < top ? inputs[i + 1 - start] : output, dy: &dy, scratch: &dz)
            }
            // The segment's first input becomes the next segment's output; the old output and the recomputed rest go.
            output = inputs[0]
            hold(-(inputs.count - 1) - 1, rows: rows)
            kept[start] = nil
            top = start
        }
        return loss
    }

    /// x_i from the input by i layer passes, holding two buffers (the `none` scheme's recomputation).
    private func recomputeInput(upTo i: Int, from input: Matrix) -> Matrix {
        var x = input, y = Matrix(rows: input.rows, cols: width)
        for k in 0..<i {
            layerForward(k, x, into: &y)
            swap(&x, &y)
        }
        return x
    }
}
