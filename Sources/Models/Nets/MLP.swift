/// Shape of a fully connected network: widths of every layer, input first.
public struct MLPShape: Equatable, Sendable {
    public var input: Int
    public var hidden: [Int]
    public var output: Int
    public var activation: Activation

    public init(input: Int, hidden: [Int], output: Int, activation: Activation = .silu) {
        self.input = input
        self.hidden = hidden
        self.output = output
        self.activation = activation
    }

    public var widths: [Int] { [input] + hidden + [output] }

    /// Multiply–adds of one forward pass per example (a training step costs ≈ 6× this in FLOPs).
    public var macsPerExample: Int { zip(widths, widths.dropFirst()).reduce(0) { $0 + $1.0 * $1.1 } }
}

/// Activations of one batch through an MLP; separate from the weights so training and sampling never reallocate each other's buffers.
public final class MLPWorkspace {
    public private(set) var batch = 0
    let widths: [Int]
    // Per layer i: input xs[i], pre-activation zs[i], activation aux; dx[i] is ∂L/∂xs[i].
    var xs: [Matrix] = []
    var zs: [Matrix] = []
    var auxs: [Matrix] = []
    var dx: [Matrix] = []
    var dz = Matrix(rows: 0, cols: 0)
    /// The likelihood's one-product Jacobian trace: M = W₂ ⊙ (W₃[0..1]ᵀ·W₁[:, 0..1]ᵀ) (`MLP.bilinearTrace`).
    var traceMatrix = Matrix(rows: 0, cols: 0)

    public init(shape: MLPShape, batch: Int = 0) {
        widths = shape.widths
        prepare(batch: batch)
    }

    /// Shapes the buffers for `batch` rows, keeping their capacity: a workspace that serves several batch sizes (the
    /// sampling one: evaluation 2 000 rows, validation 4 096, the live picture 600, straightness 256) never reallocates
    /// once warm. Reallocating ~17 MB at each switch made the resident size swing by as much in the soaks.
    public func prepare(batch newBatch: Int) {
        guard newBatch != batch || xs.isEmpty else { return }
        batch = newBatch
        if xs.isEmpty {
            xs = widths.map { Matrix(rows: newBatch, cols: $0) }
            zs = widths.dropFirst().map { Matrix(rows: newBatch, cols: $0) }
            auxs = widths.dropFirst().dropLast().map { Matrix(rows: newBatch, cols: $0) }
            dx = widths.map { Matrix(rows: newBatch, cols: $0) }
            dz = Matrix(rows: newBatch, cols: widths.max() ?? 0)
            return
        }
        for i in xs.indices { xs[i].reshape(rows: newBatch, cols: widths[i]) }
        for i in zs.indices { zs[i].reshape(rows: newBatch, cols: widths[i + 1]) }
        for i in auxs.indices { auxs[i].reshape(rows: newBatch, cols: widths[i + 1]) }
        for i in dx.indices { dx[i].reshape(rows: newBatch, cols: widths[i]) }
        dz.reshape(rows: newBatch, cols: widths.max() ?? 0)
    }

    /// The input of the batch: fill it, then run `MLP.forward(_:)`.
    public var input: Matrix {
        get { xs[0] }
        _modify { yield &xs[0] }
    }

    /// The last forward pass's output, [batch × output].
    public var output: Matrix { zs[zs.count - 1] }

    /// ∂L/∂output: fill it, then run `MLP.backward(_:)`.
    public var outputGrad: Matrix {
        get { dx[dx.count - 1] }
        _modify { yield &dx[dx.count - 1] }
    }

    /// ∂L/∂input after `MLP.backward(_:inputGrad: true)`.
    public var inputGrad: Matrix { dx[0] }
}

/// Linear → activation → … → Linear with a hand-written backward pass.
public final class MLP: HasParameters {
    public let shape: MLPShape
    public let layers: [Linear]
    /// The training batch's buffers.
    public let workspace: MLPWorkspace
    /// True when the fused dense kernels fit this shape and CPU (`FusedMLP.swift`); BLAS runs every layer otherwise.
    let fusedFits: Bool

    public init(_ shape: MLPShape, rng: inout RNG) {
        self.shape = shape
        let w = shape.widths
        var layers: [Linear] = []
        for i in 0..<(w.count - 1) {
            let role: ParameterRole = i == 0 ? .inputMatrix : (i == w.count - 2 ? .outputMatrix : .hiddenMatrix)
            layers.append(Linear(w[i], w[i + 1], role: role, name: "layers.\(i)", rng: &rng))
        }
        self.layers = layers
        workspace = MLPWorkspace(shape: shape)
        fusedFits = fusedPathFits(shape)
    }

    public var parameters: [Parameter] { layers.flatMap(\.parameters) }

    /// Runs the network on `ws.input`; the result is `ws.output`.
    public func forward(_ ws: MLPWorkspace) {
        if fusedFits && FusedLayers.allowed && ws.batch > 0 { return fusedForward(ws) }
        let last = layers.count - 1
        for i in 0...last {
            layers[i].forward(ws.xs[i], into: &ws.zs[i])
            if i < last { shape.activation.forward(ws.zs[i], into: &ws.xs[i + 1], aux: &ws.auxs[i]) }
        }
    }

    /// Backpropagates `ws.outputGrad`, overwriting every parameter's gradient; `parameterGrads: false` computes only
    /// the input gradient (a frozen net that a loss differentiates through) and leaves the parameters' gradients alone.
    public func backward(_ ws: MLPWorkspace, inputGrad: Bool = false, parameterGrads: Bool = true) {
        if fusedFits && FusedLayers.allowed && !inputGrad && ws.batch > 0 { return fusedBackward(ws) }
        let last = layers.count - 1
        for i in stride(from: last, through: 0, by: -1) {
            let wantDx = i > 0 || inputGrad
            if i == last {
                layers[i].backward(x: ws.xs[i], dy: ws.dx[i + 1], dx: &ws.dx[i], computeInputGrad: wantDx, parameterGrads: parameterGrads)
            } else {
                ws.dz.reshape(rows: ws.batch, cols: layers[i].outFeatures)
                shape.activation.backward(dy: ws.dx[i + 1], y: ws.xs[i + 1], aux: ws.auxs[i], into: &ws.dz)
                layers[i].backward(x: ws.xs[i], dy: ws.dz, dx: &ws.dx[i], computeInputGrad: wantDx, parameterGrads: parameterGrads)
            }
        }
    }

    /// Convenience for tests: runs one batch and returns a copy of the output.
    public func callAsFunction(_ x: Matrix) -> Matrix {
        let ws = MLPWorkspace(shape: shape, batch: x.rows)
        ws.input = x
        forward(ws)
        return ws.output
    }
}
