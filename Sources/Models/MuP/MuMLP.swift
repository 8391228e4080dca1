/// A tanh MLP classifier 2 → n → … → n → classes whose init, readout and per-layer LRs follow `MuPRules` (SP or muP;
/// SP is the plain classifier). Forward and backward by hand over preallocated buffers: a training step allocates nothing.
public final class MuMLP: HasParameters {
    public let rules: MuPRules
    public let hidden: [Int]
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

    /// Hidden widths (2 → n → n → 3 is [n, n]; muP scales them all by one width multiplier); weights drawn as PyTorch
    /// would, then rescaled by `rules`.
    public init(hidden: [Int], inputs: Int = 2, classes: Int = SpiralClasses.classes, rules: MuPRules, rng: inout RNG) {
        precondition(!hidden.isEmpty, "an MLP classifier needs a hidden layer")
        self.rules = rules
        self.hidden = hidden
        let widths = [inputs] + hidden + [classes]
        var layers: [Linear] = []
        var kinds: [MuLayer] = []
        for i in 0..<(widths.count - 1) {
            let last = i == widths.count - 2
            let kind: MuLayer = i == 0 ? .input : (last ? .readout : .hidden)
            let role: ParameterRole = i == 0 ? .inputMatrix : (last ? .outputMatrix : .hiddenMatrix)
            let l = Linear(widths[i], widths[i + 1], role: role, name: "layers.\(i)", rng: &rng)
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
        let widest = hidden.max()!
        readIn = Matrix(rows: rows, cols: hidden.last!)
        da = Matrix(rows: rows, cols: widest)
        dz = Matrix(rows: rows, cols: widest)
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
        da.reshape(rows: batch, cols: hidden[last - 1])
        layers[last].backward(x: readIn, dy: logitGrad, dx: &da)
        let m = rules.readoutInputMultiplier
        if m != 1 { for i in 0..<da.count { da.data[i] *= m } }
        for i in stride(from: last - 1, through: 0, by: -1) {
            dz.reshape(rows: batch, cols: hidden[i])
            Activation.tanh.backward(dy: da, y: a[i], aux: aux[i], into: &dz)
            if i > 0 { da.reshape(rows: batch, cols: hidden[i - 1]) }
            layers[i].backward(x: i == 0 ? input : a[i - 1], dy: dz, dx: &da, computeInputGrad: i > 0)
        }
        return loss
    }

    /// Mean |z| of every layer's output in the last forward pass (coord_check.py's "l1" of each Linear's output).
    public var meanAbsOutputs: [Double] {
        z.map { m in m.data.reduce(0.0) { $0 + Double(abs($1)) } / Double(max(m.count, 1)) }
    }

    /// Full-data cross-entropy and accuracy.
    public func evaluate(_ data: SpiralClasses) -> (loss: Double, accuracy: Double) {
        var total = 0.0, correct = 0
        forEachChunk(of: data.x) { start, n, logits in
            let r = SoftmaxCrossEntropy.sum(logits: logits, labels: data.labels[start..<(start + n)])
            total += r.loss
            correct += r.correct
        }
        return (total / Double(data.count), Double(correct) / Double(data.count))
    }

    /// The most likely class of every row of `x`.
    public func predict(_ x: Matrix) -> [Int] {
        var out: [Int] = []
        out.reserveCapacity(x.rows)
        forEachChunk(of: x) { _, n, logits in
            for r in 0..<n {
                var best = 0
                for c in 1..<logits.cols where logits[r, c] > logits[r, best] { best = c }
                out.append(best)
            }
        }
        return out
    }

    /// Runs the rows of `x` through the net in chunks (buffers reused, the training batch size restored after).
    private func forEachChunk(of x: Matrix, chunk: Int = 512, _ body: (_ start: Int, _ rows: Int, _ logits: Matrix) -> Void) {
        let saved = batch
        var start = 0
        while start < x.rows {
            let n = min(chunk, x.rows - start)
            prepare(batch: n)
            for i in 0..<(x.cols * n) { input.data[i] = x.data[x.cols * start + i] }
            body(start, n, forward())
            start += n
        }
        if saved > 0 { prepare(batch: saved) }
    }
}
