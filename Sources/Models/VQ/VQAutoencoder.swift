/// One step's loss terms, each a mean over elements (PyTorch's F.mse_loss convention).
public struct VQLoss: Sendable, Equatable {
    /// mean (x − x̂)² over points and coordinates.
    public var reconstruction: Float
    /// mean (q − z)² over points and latent dimensions: the codebook term ‖sg z − q‖² and, times β, the commitment
    /// term β‖z − sg q‖² (equal in value, different in where their gradients go).
    public var quantisation: Float
    public var beta: Float
    public var total: Float { reconstruction + (1 + beta) * quantisation }
}

/// A VQ autoencoder on 2D points: encoder MLP to a d-dimensional latent z, the nearest of K codes q, decoder MLP back
/// to 2D. Loss = reconstruction + ‖sg z − q‖² + β‖z − sg q‖² (van den Oord et al. 2017; β = 0.25); the
/// reconstruction gradient reaches the encoder by the chosen `GradientPath`.
public final class VQAutoencoder: HasParameters {
    public let path: GradientPath
    public let encoder: MLP
    public let decoder: MLP
    public let codebook: Codebook
    public let beta: Float

    // Training buffers, sized by `prepare`.
    private var batch = 0
    private var index: [Int32] = []
    private var distances = Matrix(rows: 0, cols: 0)
    private var codeGrad: Matrix
    private var rotU = Matrix(rows: 0, cols: 0), rotQ = Matrix(rows: 0, cols: 0), rotW = Matrix(rows: 0, cols: 0)
    private var lambdas: [Float] = []

    public init(path: GradientPath, config: VQConfig, hidden: [Int], activation: Activation, rng: inout RNG) {
        self.path = path
        beta = config.beta
        encoder = MLP(MLPShape(input: 2, hidden: hidden, output: config.latentDim, activation: activation), rng: &rng)
        decoder = MLP(MLPShape(input: config.latentDim, hidden: hidden.reversed(), output: 2, activation: activation), rng: &rng)
        codebook = Codebook(count: config.codes, dimension: config.latentDim, initialisation: config.initialisation,
                            learnedMap: path == .simvq, rng: &rng)
        codeGrad = Matrix(rows: config.codes, cols: config.latentDim)
    }

    public var parameters: [Parameter] { encoder.parameters + decoder.parameters + codebook.parameters }
    public var dimension: Int { codebook.dimension }

    private func prepare(batch n: Int) {
        guard n != batch else { return }
        batch = n
        let d = dimension
        encoder.workspace.prepare(batch: n)
        decoder.workspace.prepare(batch: n)
        index = [Int32](repeating: 0, count: n)
        distances = Matrix(rows: n, cols: codebook.count)
        rotU = Matrix(rows: n, cols: d)
        rotQ = Matrix(rows: n, cols: d)
        rotW = Matrix(rows: n, cols: d)
        lambdas = [Float](repeating: 0, count: n)
    }

    /// Loss and gradients of a batch (flat [x0, y0, …]) into every parameter; the caller steps the optimizer and
    /// then calls `codebook.refresh()`.
    public func lossAndGradient(_ points: [Float]) -> VQLoss {
        let n = points.count / 2, d = dimension
        prepare(batch: n)
        let enc = encoder.workspace, dec = decoder.workspace
        copy(Matrix(rows: n, cols: 2, data: points), into: &enc.input)
        encoder.forward(enc)
        codebook.nearest(enc.output, distances: &distances, into: &index)
        var quantisation: Float = 0
        codeGrad.fill(0)
        let unit = 2 / Float(n * d)
        enc.output.data.withUnsafeBufferPointer { z in
            codebook.codes.data.withUnsafeBufferPointer { q in
                dec.input.data.withUnsafeMutableBufferPointer { zq in
                    codeGrad.data.withUnsafeMutableBufferPointer { gq in
                        for r in 0..<n {
                            let e = z.baseAddress! + r * d, code = q.baseAddress! + Int(index[r]) * d, out = zq.baseAddress! + r * d
                            if path == .rotation {
                                rotation(row: r, e: e, q: code, out: out)
                            } else {
                                for k in 0..<d { out[k] = code[k] }
                            }
                            let g = gq.baseAddress! + Int(index[r]) * d
                            for k in 0..<d {
                                let diff = code[k] - e[k]
                                quantisation += diff * diff
                                g[k] += unit * diff
                            }
                        }
                    }
                }
            }
        }
        decoder.forward(dec)
        var reconstruction: Float = 0
        let decoded = dec.output
        for i in 0..<(2 * n) {
            let diff = decoded.data[i] - points[i]
            reconstruction += diff * diff
            dec.outputGrad.data[i] = diff / Float(n)
        }
        decoder.backward(dec, inputGrad: true)
        encoderGradient(unit: unit)
        encoder.backward(enc)
        codebook.backward(codeGrad: codeGrad)
        return VQLoss(reconstruction: reconstruction / Float(2 * n), quantisation: quantisation / Float(n * d), beta: beta)
    }

    /// The rotation trick's decoder input for row r, keeping (û, q̂, w, λ) for the backward pass.
    private func rotation(row r: Int, e: UnsafePointer<Float>, q: UnsafePointer<Float>, out: UnsafeMutablePointer<Float>) {
        let d = dimension
        rotU.data.withUnsafeMutableBufferPointer { u in
            rotQ.data.withUnsafeMutableBufferPointer { qh in
                rotW.data.withUnsafeMutableBufferPointer { w in
                    let pu = u.baseAddress! + r * d, pq = qh.baseAddress! + r * d, pw = w.baseAddress! + r * d
                    let lambda = RotationTrick.frame(e: e, q: q, dimension: d, u: pu, qHat: pq, w: pw)
                    lambdas[r] = lambda
                    RotationTrick.apply(e, u: pu, qHat: pq, w: pw, lambda: lambda, dimension: d, into: out)
                }
            }
        }
    }

    /// ∂L/∂z: the decoder's input gradient by the chosen path, plus the commitment term's β·2(z − q)/(n·d).
    private func encoderGradient(unit: Float) {
        let n = batch, d = dimension
        let enc = encoder.workspace, dec = decoder.workspace
        enc.output.data.withUnsafeBufferPointer { z in
            codebook.codes.data.withUnsafeBufferPointer { q in
                dec.inputGrad.data.withUnsafeBufferPointer { gzq in
                    enc.outputGrad.data.withUnsafeMutableBufferPointer { gz in
                        for r in 0..<n {
                            let g = gzq.baseAddress! + r * d, out = gz.baseAddress! + r * d
                            if path == .rotation {
                                rotU.data.withUnsafeBufferPointer { u in
                                    rotQ.data.withUnsafeBufferPointer { qh in
                                        rotW.data.withUnsafeBufferPointer { w in
                                            RotationTrick.gradient(g, u: u.baseAddress! + r * d, qHat: qh.baseAddress! + r * d,
                                                                   w: w.baseAddress! + r * d, lambda: lambdas[r], dimension: d, into: out)
                                        }
                                    }
                                }
                            } else {
                                for k in 0..<d { out[k] = g[k] }
                            }
                            let e = z.baseAddress! + r * d, code = q.baseAddress! + Int(index[r]) * d
                            for k in 0..<d { out[k] += beta * unit * (e[k] - code[k]) }
                        }
                    }
                }
            }
        }
    }

    /// Codes, encodings and reconstructions of any number of points (the decoder reads the nearest code itself).
    public func quantise(_ points: [Float]) -> (codes: [Int32], latent: [Float], reconstruction: [Float]) {
        let n = points.count / 2, d = dimension
        let chunk = min(n, 1000)
        guard chunk > 0 else { return ([], [], []) }
        let enc = MLPWorkspace(shape: encoder.shape, batch: chunk), dec = MLPWorkspace(shape: decoder.shape, batch: chunk)
        var dist = Matrix(rows: chunk, cols: codebook.count)
        var idx = [Int32](repeating: 0, count: chunk)
        var codes: [Int32] = [], latent: [Float] = [], recon: [Float] = []
        codes.reserveCapacity(n)
        latent.reserveCapacity(n * d)
        recon.reserveCapacity(2 * n)
        var start = 0
        while start < n {
            let m = min(chunk, n - start)
            for i in 0..<(2 * chunk) { enc.input.data[i] = i < 2 * m ? points[2 * start + i] : 0 }
            encoder.forward(enc)
            codebook.nearest(enc.output, distances: &dist, into: &idx)
            for r in 0..<chunk {
                for k in 0..<d { dec.input.data[r * d + k] = codebook.codes[Int(idx[r]), k] }
            }
            decoder.forward(dec)
            codes += idx[0..<m]
            latent += enc.output.data[0..<(m * d)]
            recon += dec.output.data[0..<(2 * m)]
            start += m
        }
        return (codes, latent, recon)
    }
}
