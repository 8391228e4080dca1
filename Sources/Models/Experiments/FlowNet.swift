/// A velocity network v(x, t) for 2D flows: an MLP on [x, y, features(t), optional features(x, y)] with its own
/// sampling buffers.
public final class FlowNet: VelocityField, HasParameters {
    public let mlp: MLP
    public let time: TimeEncoding
    /// Random Fourier features of the position, appended after the time's (nil: none).
    public let features: InputFeatures?
    private let sampling: MLPWorkspace
    /// Buffers of the likelihood ODE's Jacobian passes, apart from sampling's.
    lazy var likelihoodWorkspace = MLPWorkspace(shape: mlp.shape)

    public init(hidden: [Int], activation: Activation, time: TimeEncoding, features: InputFeatures? = nil, rng: inout RNG) {
        self.time = time
        self.features = features
        let width = 2 + time.width + (features?.width ?? 0)
        mlp = MLP(MLPShape(input: width, hidden: hidden, output: 2, activation: activation), rng: &rng)
        sampling = MLPWorkspace(shape: mlp.shape)
    }

    /// A net of the settings' shape, with the position features `input_features` asks for.
    public convenience init(settings: CoreSettings, rng: inout RNG) {
        let n = settings.net
        self.init(hidden: n.hidden, activation: n.activation, time: n.time, features: InputFeatures(settings), rng: &rng)
    }

    public var parameters: [Parameter] { mlp.parameters }

    /// Writes row `i` of a network input: position then time features.
    @inline(__always)
    func fillInput(_ input: inout Matrix, row i: Int, x: Float, y: Float, t: Float) {
        time.fillRow(&input, row: i, x: x, y: y, t: t)
        guard let f = features else { return }
        let w = input.cols, offset = 2 + time.width
        input.data.withUnsafeMutableBufferPointer { p in f.encode(x: x, y: y, t: t, into: p.baseAddress! + i * w + offset) }
    }

    /// ∂/∂(x, y) of row `i` after a backward pass with input gradients on `ws` (filled by `fillInput` at time `t`):
    /// the position columns' gradient plus the chain through the position features.
    @inline(__always)
    func positionGradient(_ ws: MLPWorkspace, row i: Int, t: Float) -> SIMD2<Float> {
        let g = ws.inputGrad, w = g.cols
        let direct = SIMD2(g[i, 0], g[i, 1])
        guard let f = features else { return direct }
        let offset = i * w + 2 + time.width
        return ws.input.data.withUnsafeBufferPointer { row in
            g.data.withUnsafeBufferPointer { grad in
                direct + f.positionGradient(features: row.baseAddress! + offset, grad: grad.baseAddress! + offset, t: t)
            }
        }
    }

    public func velocity(_ x: [Float], t: Float, into out: inout [Float]) {
        let n = x.count / 2
        sampling.prepare(batch: n)
        for i in 0..<n { fillInput(&sampling.input, row: i, x: x[2 * i], y: x[2 * i + 1], t: t) }
        mlp.forward(sampling)
        let o = sampling.output
        for j in 0..<(2 * n) { out[j] = o.data[j] }
    }

    /// v at per-row times (for validation sets where every example has its own t).
    public func velocity(_ x: [Float], times: [Float], into out: inout [Float]) {
        let n = x.count / 2
        sampling.prepare(batch: n)
        for i in 0..<n { fillInput(&sampling.input, row: i, x: x[2 * i], y: x[2 * i + 1], t: times[i]) }
        mlp.forward(sampling)
        let o = sampling.output
        for j in 0..<(2 * n) { out[j] = o.data[j] }
    }
}
