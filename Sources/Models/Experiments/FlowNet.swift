/// A velocity network v(x, t) for 2D flows: an MLP on [x, y, features(t)] with its own sampling buffers.
public final class FlowNet: VelocityField, HasParameters {
    public let mlp: MLP
    public let time: TimeEncoding
    private let sampling: MLPWorkspace
    /// Buffers of the likelihood ODE's Jacobian passes, apart from sampling's.
    lazy var likelihoodWorkspace = MLPWorkspace(shape: mlp.shape)

    public init(hidden: [Int], activation: Activation, time: TimeEncoding, rng: inout RNG) {
        self.time = time
        mlp = MLP(MLPShape(input: 2 + time.width, hidden: hidden, output: 2, activation: activation), rng: &rng)
        sampling = MLPWorkspace(shape: mlp.shape)
    }

    public var parameters: [Parameter] { mlp.parameters }

    /// Writes row `i` of a network input: position then time features.
    @inline(__always)
    func fillInput(_ input: inout Matrix, row i: Int, x: Float, y: Float, t: Float) {
        time.fillRow(&input, row: i, x: x, y: y, t: t)
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
