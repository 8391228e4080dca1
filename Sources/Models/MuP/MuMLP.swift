/// A tanh MLP classifier 2 → n → … → n → classes whose init, readout and per-layer LRs follow `MuPRules` (SP or muP).
/// Forward and backward by hand over preallocated buffers, so a training step allocates nothing.
public final class MuMLP: HasParameters {
    public let rules: MuPRules
    public let width: Int
    /// Input layer, hidden n×n layers, readout.
    public let layers: [Linear]
    public let kinds: [MuLayer]
    public private(set) var batch = 0
    /// Per layer: its output z (pre-activation; logits last) and, for all but the readout, a = tanh(z) and the
    /// activation kernel's aux copy of it.
    private var z: [Matrix] = []
    private var a: [Matrix] = []
    private var aux: [Matrix] = []
    /// The readout's input a·(1/width_mult), its gradient buffer, and ∂L/∂z scratch.
    private var readIn = Matrix(rows: 0, cols: 0)
    private var da = Matrix(rows: 0, cols: 0)
    private var dz = Matrix(rows: 0, cols: 0)
    private var logitGrad = Matrix(rows: 0, cols: 0)
    /// The batch's inputs [rows × 2]: fill them, then call `forward()`.
    public var input = Matrix(rows: 0, cols: 0)

    /// `hiddenLayers` layers of width n (2 → n → n → 3 has two); weights drawn as PyTorch would, then rescaled by `rules`.
    public init(width: Int, hiddenLayers: Int = 2, inputs: Int = 2, classes: Int = SpiralClasses.classes, rules: MuPRules, rng: inout RNG) {
        precondition(hiddenLayers >= 1, "a width-n MLP needs a hidden layer")
        self.rules = rules
        self.width = width
        var layers: [Linear] = []
        var kinds: [MuLayer] = []
        for i in 0...hiddenLayers {
            let kind: MuLayer = i == 0 ? .input : (i == hiddenLayers ? .readout : .hidden)
            let role: ParameterRole = i == 0 ? .inputMatrix : (i == hiddenLayers ? .outputMatrix : .hiddenMatrix)
            let l = Linear(i == 0 ? inputs : width, i == hiddenLayers ? classes : width, role: role, name: "layers.\(i)", rng: &rng)
            Self.scale(&l.weight.value, rules.initMultiplier(kind, bias: false))
            Self.scale(&l.bias.value, rules.initMultiplier(kind, bias: true))
            layers.append(l)
            kinds.append(kind)
        }
        self.layers = layers
        self.kinds = kinds
        var groups: [(multiplier: Float, parameters: [Parameter])] = []
        for (l, kind) in zip(layers, kinds) {
            for (p, bias) in [(l.weight, false), (l.bias, true)] {
                let m = rules.lrMultiplier(kind, bias: bias)
                if let i = groups.firstIndex(where: { $0.multiplier == m }) { groups[i].parameters.append(p) } else { groups.append((m, [p])) }
            }
        }
        lrGroups = groups
    }

    public var parameters: [Parameter] { layers.flatMap(\.parameters) }

    /// The parameters in groups of equal LR multiplier (MuAdam's param groups), for `step`.
    public let lrGroups: [(multiplier: Float, parameters: [Parameter])]

    /// One optimizer step with each parameter at its muP LR (`optimizer.config.lr` × its multiplier).
    public func step(_ optimizer: any Optimizer) {
        for g in lrGroups { optimizer.step(g.parameters, lrScale: g.multiplier) }
    }

    private static func scale(_ m: inout Matrix, _ f: Float) {
        guard f != 1 else { return }
        for i in 0..<m.count { m.data[i] *= f }
    }

    /// Sizes the buffers for `rows` rows (a no-op when unchanged).
    public func prepare(batch rows: Int) {
        guard rows != batch || z.isEmpty else { return }
        batch = rows
        z = layers.map { Matrix(rows: rows, cols: $0.outFeatures) }
        a = layers.dropLast().map { Matrix(rows: rows, cols: $0.outFeatures) }
        aux = a
        readIn = Matrix(rows: rows, cols: width)
        da = Matrix(rows: rows, cols: width)
        dz = Matrix(rows: rows, cols: width)
        logitGrad = Matrix(rows: rows, cols: layers.last!.outFeatures)
        input = Matrix(rows: rows, cols: layers[0].inFeatures)
    }

    /// Logits of the rows of `input`; valid until the next call.
    @discardableResult
    public func forward() -> Matrix {
        let last = layers.count - 1
        for i in 0..<last {
            layers[i].forward(i == 0 ? input : a[i - 1], into: &z[i])
            Activation.tanh.forward(z[i], into: &a[i], aux: &aux[i])
        }
        let m = rules.readoutInputMultiplier
        readIn.data.withUnsafeMutableBufferPointer { d in
            a[last - 1].data.withUnsafeBufferPointer { s in for i in s.indices { d[i] = s[i] * m } }
        }
        layers[last].forward(readIn, into: &z[last])
        return z[last]
    }

    /// Cross-entropy of the last forward pass against `labels`; fills every parameter's gradient, returns the loss.
    public func backward(labels: [Int32]) -> Float {
        let last = layers.count - 1
        let loss = SoftmaxCrossEntropy.lossAndGradient(logits: z[last], labels: labels, grad: &logitGrad)
        layers[last].backward(x: readIn, dy: logitGrad, dx: &da)
        let m = rules.readoutInputMultiplier
        if m != 1 { for i in 0..<da.count { da.data[i] *= m } }
        for i in stride(from: last - 1, through: 0, by: -1) {
            Activation.tanh.backward(dy: da, y: a[i], aux: aux[i], into: &dz)
            layers[i].backward(x: i == 0 ? input : a[i - 1], dy: dz, dx: &da, computeInputGrad: i > 0)
        }
        return loss
    }

    /// Mean |z| of every layer's output in the last forward pass (coord_check.py's "l1" of each Linear's output).
    public var meanAbsOutputs: [Double] {
        z.map { m in m.data.reduce(0.0) { $0 + Double(abs($1)) } / Double(max(m.count, 1)) }
    }

    /// Full-data cross-entropy and accuracy, in chunks of the prepared batch size (the buffers are reused).
    public func evaluate(_ data: SpiralClasses, chunk: Int = 512) -> (loss: Double, accuracy: Double) {
        let saved = batch
        var total = 0.0, correct = 0, start = 0
        while start < data.count {
            let n = min(chunk, data.count - start)
            prepare(batch: n)
            for i in 0..<(2 * n) { input.data[i] = data.x.data[2 * start + i] }
            let r = SoftmaxCrossEntropy.sum(logits: forward(), labels: data.labels[start..<(start + n)])
            total += r.loss
            correct += r.correct
            start += n
        }
        if saved > 0 { prepare(batch: saved) }
        return (total / Double(data.count), Double(correct) / Double(data.count))
    }
}
