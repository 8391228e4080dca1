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

    /// Multiply–adds of one forward pass per example; forward + backward ≈ 3× this in FLOPs·2.
    public var macsPerExample: Int { zip(widths, widths.dropFirst()).reduce(0) { $0 + $1.0 * $1.1 } }
}

/// Linear → activation → … → Linear with a hand-written backward pass and preallocated activations.
public final class MLP: HasParameters {
    public let shape: MLPShape
    public let layers: [Linear]
    public private(set) var batch = 0

    // Per layer i: input x[i], pre-activation z[i], post-activation (x[i+1]), activation aux.
    private var xs: [Matrix] = []
    private var zs: [Matrix] = []
    private var auxs: [Matrix] = []
    private var dx: [Matrix] = []
    private var dz: Matrix = Matrix(rows: 0, cols: 0)

    public init(_ shape: MLPShape, rng: inout RNG) {
        self.shape = shape
        let w = shape.widths
        var layers: [Linear] = []
        for i in 0..<(w.count - 1) {
            let role: ParameterRole = i == 0 ? .inputMatrix : (i == w.count - 2 ? .outputMatrix : .hiddenMatrix)
            layers.append(Linear(w[i], w[i + 1], role: role, name: "layers.\(i)", rng: &rng))
        }
        self.layers = layers
    }

    public var parameters: [Parameter] { layers.flatMap(\.parameters) }

    /// Allocates the activation buffers for `batch` rows; a no-op when unchanged.
    public func prepare(batch newBatch: Int) {
        guard newBatch != batch else { return }
        batch = newBatch
        let w = shape.widths
        xs = w.map { Matrix(rows: newBatch, cols: $0) }
        zs = w.dropFirst().map { Matrix(rows: newBatch, cols: $0) }
        auxs = w.dropFirst().dropLast().map { Matrix(rows: newBatch, cols: $0) }
        dx = w.map { Matrix(rows: newBatch, cols: $0) }
        dz = Matrix(rows: newBatch, cols: w.max() ?? 0)
    }

    /// The input buffer of the current batch: fill it, then call `forward()`.
    public var input: Matrix {
        get { xs[0] }
        _modify { yield &xs[0] }
    }

    /// Runs the network on `input`; the result is `output`.
    public func forward() {
        let last = layers.count - 1
        for i in 0...last {
            if i == last {
                layers[i].forward(xs[i], into: &zs[i])
            } else {
                layers[i].forward(xs[i], into: &zs[i])
                shape.activation.forward(zs[i], into: &xs[i + 1], aux: &auxs[i])
            }
        }
    }

    /// The last forward pass's output, [batch × output].
    public var output: Matrix { zs[layers.count - 1] }

    /// Gradient buffer for the output: fill it with ∂L/∂output, then call `backward()`.
    public var outputGrad: Matrix {
        get { dx[layers.count] }
        _modify { yield &dx[layers.count] }
    }

    /// Gradient w.r.t. the input after `backward(inputGrad: true)`.
    public var inputGrad: Matrix { dx[0] }

    /// Backpropagates `outputGrad` and sets every parameter's gradient (overwriting, not accumulating).
    public func backward(inputGrad: Bool = false) {
        let last = layers.count - 1
        for i in stride(from: last, through: 0, by: -1) {
            if i == last {
                layers[i].backward(x: xs[i], dy: dx[i + 1], dx: &dx[i], computeInputGrad: i > 0 || inputGrad)
            } else {
                dz.reshape(rows: batch, cols: layers[i].outFeatures)
                shape.activation.backward(dy: dx[i + 1], y: xs[i + 1], aux: auxs[i], into: &dz)
                layers[i].backward(x: xs[i], dy: dz, dx: &dx[i], computeInputGrad: i > 0 || inputGrad)
            }
        }
    }

    /// Convenience for tests and sampling: runs a batch given as a matrix and returns a copy of the output.
    public func callAsFunction(_ x: Matrix) -> Matrix {
        prepare(batch: x.rows)
        xs[0] = x
        forward()
        return output
    }
}
