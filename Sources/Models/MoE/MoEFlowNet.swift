/// Settings of the MoE velocity net: a trunk of `width` units whose hidden block is an MoE layer.
public struct MoEFlowShape: Equatable, Sendable {
    public var moe: MoEShape
    public var time: TimeEncoding
    public init(moe: MoEShape, time: TimeEncoding = .raw) {
        self.moe = moe
        self.time = time
    }
    public var inputWidth: Int { 2 + time.width }
}

/// Activations of one batch through `MoEFlowNet`.
public final class MoEFlowWorkspace {
    public private(set) var batch = -1
    let shape: MoEFlowShape
    public var input = Matrix(rows: 0, cols: 0)
    var z0 = Matrix(rows: 0, cols: 0)
    var aux0 = Matrix(rows: 0, cols: 0)
    var h1 = Matrix(rows: 0, cols: 0)
    public internal(set) var output = Matrix(rows: 0, cols: 0)
    public var outputGrad = Matrix(rows: 0, cols: 0)
    var dh1 = Matrix(rows: 0, cols: 0)
    var dz0 = Matrix(rows: 0, cols: 0)
    var unusedInputGrad = Matrix(rows: 0, cols: 0)
    public let moe: MoEWorkspace

    public init(shape: MoEFlowShape, batch: Int = 0) {
        self.shape = shape
        moe = MoEWorkspace(shape: shape.moe)
        prepare(batch: batch)
    }

    public func prepare(batch n: Int) {
        guard n != batch else { return }
        batch = n
        let w = shape.moe.width
        input.reshape(rows: n, cols: shape.inputWidth)
        for m in [\MoEFlowWorkspace.z0, \.aux0, \.h1, \.dh1, \.dz0] { self[keyPath: m].reshape(rows: n, cols: w) }
        output.reshape(rows: n, cols: 2)
        outputGrad.reshape(rows: n, cols: 2)
        moe.prepare(batch: n)
    }
}

/// v(x, t) = W_out·(h + MoE(h)) with h = SiLU(W_in·[x, y, features(t)]): ReFlow's velocity MLP with its hidden
/// block swapped for a residual mixture-of-experts layer, as in a transformer block.
public final class MoEFlowNet: VelocityField, HasParameters {
    public let shape: MoEFlowShape
    public let inLayer: Linear
    public let moe: MoELayer
    public let outLayer: Linear
    public let workspace: MoEFlowWorkspace
    private let sampling: MoEFlowWorkspace
    private let trunkActivation = Activation.silu

    public init(_ shape: MoEFlowShape, rng: inout RNG) {
        self.shape = shape
        inLayer = Linear(shape.inputWidth, shape.moe.width, role: .inputMatrix, name: "in", rng: &rng)
        moe = MoELayer(shape.moe, rng: &rng)
        outLayer = Linear(shape.moe.width, 2, role: .outputMatrix, name: "out", rng: &rng)
        workspace = MoEFlowWorkspace(shape: shape)
        sampling = MoEFlowWorkspace(shape: shape)
    }

    public var parameters: [Parameter] { inLayer.parameters + moe.parameters + outLayer.parameters }

    /// Writes row `i` of a network input: position then time features.
    @inline(__always)
    func fillInput(_ input: inout Matrix, row i: Int, x: Float, y: Float, t: Float) {
        time.fillRow(&input, row: i, x: x, y: y, t: t)
    }

    var time: TimeEncoding { shape.time }

    public func forward(_ ws: MoEFlowWorkspace) {
        inLayer.forward(ws.input, into: &ws.z0)
        trunkActivation.forward(ws.z0, into: &ws.moe.input, aux: &ws.aux0)
        moe.forward(ws.moe)
        let h = ws.moe.input, m = ws.moe.output
        h.data.withUnsafeBufferPointer { ph in
            m.data.withUnsafeBufferPointer { pm in
                ws.h1.data.withUnsafeMutableBufferPointer { po in
                    for j in 0..<po.count { po[j] = ph[j] + pm[j] }
                }
            }
        }
        outLayer.forward(ws.h1, into: &ws.output)
    }

    /// Backpropagates `ws.outputGrad` (and the MoE's auxiliary loss), overwriting every parameter's gradient.
    public func backward(_ ws: MoEFlowWorkspace) {
        outLayer.backward(x: ws.h1, dy: ws.outputGrad, dx: &ws.dh1)
        ws.moe.outputGrad.data.withUnsafeMutableBufferPointer { p in
            ws.dh1.data.withUnsafeBufferPointer { q in _ = p.update(fromContentsOf: q) }
        }
        moe.backward(ws.moe, inputGrad: true)
        ws.moe.inputGrad.data.withUnsafeBufferPointer { g in
            ws.dh1.data.withUnsafeMutableBufferPointer { d in
                for j in 0..<d.count { d[j] += g[j] }
            }
        }
        trunkActivation.backward(dy: ws.dh1, y: ws.moe.input, aux: ws.aux0, into: &ws.dz0)
        inLayer.backward(x: ws.input, dy: ws.dz0, dx: &ws.unusedInputGrad, computeInputGrad: false)
    }

    /// Runs the sampling workspace on points at per-row times; the MoE routing stays readable in `samplingRouting`.
    private func run(_ x: [Float], times: (Int) -> Float, into out: inout [Float]) {
        let n = x.count / 2
        sampling.prepare(batch: n)
        for i in 0..<n { fillInput(&sampling.input, row: i, x: x[2 * i], y: x[2 * i + 1], t: times(i)) }
        forward(sampling)
        for j in 0..<(2 * n) { out[j] = sampling.output.data[j] }
    }

    public func velocity(_ x: [Float], t: Float, into out: inout [Float]) {
        run(x, times: { _ in t }, into: &out)
    }

    /// v at per-row times (validation sets give every example its own t).
    public func velocity(_ x: [Float], times: [Float], into out: inout [Float]) {
        run(x, times: { times[$0] }, into: &out)
    }

    /// The top-1 expert of each point at time t (with the current routing bias), for colouring the 2D pane.
    public func topExpert(_ x: [Float], t: Float) -> [UInt8] {
        var out = [Float](repeating: 0, count: x.count)
        velocity(x, t: t, into: &out)
        let k = shape.moe.topK
        return (0..<(x.count / 2)).map { UInt8(sampling.moe.choice[$0 * k]) }
    }
}
