import Foundation

/// n positive pairs: two noisy views of each of n 2D points, and the octant of each source point (the picture's colour).
public struct ViewPairs: Sendable {
    public var v1: Matrix
    public var v2: Matrix
    public var octant: [UInt8]
    public var count: Int { v1.rows }

    public init(count n: Int) {
        v1 = Matrix(rows: n, cols: 2)
        v2 = Matrix(rows: n, cols: 2)
        octant = [UInt8](repeating: 0, count: n)
    }

    /// Redraws `count` pairs: each point from the stream, then its two views x + σ·N(0, I), one pair at a time (so k
    /// micro-batches of n/k pairs draw what one batch of n would).
    public mutating func draw(count n: Int, noise sigma: Float, data: inout DataStream, rng: inout RNG) {
        if n != count { self = ViewPairs(count: n) }
        for i in 0..<n {
            let x = data.next()
            v1.data[2 * i] = x.x + sigma * rng.normalFloat()
            v1.data[2 * i + 1] = x.y + sigma * rng.normalFloat()
            v2.data[2 * i] = x.x + sigma * rng.normalFloat()
            v2.data[2 * i + 1] = x.y + sigma * rng.normalFloat()
            let a = atan2(Double(x.y), Double(x.x))
            octant[i] = UInt8((Int(((a / (2 * Double.pi) + 1) * 8).rounded(.down))) % 8)
        }
    }
}

/// An MLP encoder 2 → hidden → d whose outputs are normalised onto the unit sphere, trained with InfoNCE either on
/// one chunk of pairs at a time (each chunk its own negatives) or exactly by GradCache.
public final class ContrastiveEncoder: HasParameters {
    public let mlp: MLP
    public let loss: InfoNCE
    private var e = Matrix(rows: 0, cols: 0), ge = Matrix(rows: 0, cols: 0), gu = Matrix(rows: 0, cols: 0)
    private var norms: [Float] = []
    /// GradCache's representation cache [views 1; views 2] of the whole batch and the full-batch ∂L/∂e.
    private var cache = Matrix(rows: 0, cols: 0), cacheGrad = Matrix(rows: 0, cols: 0)

    public init(hidden: [Int], dim: Int, activation: Activation, tau: Float, rng: inout RNG) {
        mlp = MLP(MLPShape(input: 2, hidden: hidden, output: dim, activation: activation), rng: &rng)
        loss = InfoNCE(tau: tau)
    }

    public var parameters: [Parameter] { mlp.parameters }
    public var dim: Int { mlp.shape.output }

    /// Normalised embeddings of the pairs in `range`: rows 0..<m views 1, m..<2m views 2 (the workspace keeps the
    /// activations for a backward pass). Valid until the next call.
    @discardableResult
    public func embed(_ p: ViewPairs, _ range: Range<Int>) -> Matrix {
        let m = range.count, d = dim, ws = mlp.workspace
        ws.prepare(batch: 2 * m)
        for (r, i) in range.enumerated() {
            ws.input.data[2 * r] = p.v1.data[2 * i]
            ws.input.data[2 * r + 1] = p.v1.data[2 * i + 1]
            ws.input.data[2 * (m + r)] = p.v2.data[2 * i]
            ws.input.data[2 * (m + r) + 1] = p.v2.data[2 * i + 1]
        }
        mlp.forward(ws)
        if e.rows != 2 * m || e.cols != d {
            e = Matrix(rows: 2 * m, cols: d)
            ge = e
            gu = e
        }
        RowNormalization.forward(ws.output, into: &e, norms: &norms)
        return e
    }

    /// InfoNCE of the pairs in `range` with only each other as negatives; its gradient × `scale` into the parameters.
    public func chunkLossAndGradient(_ p: ViewPairs, _ range: Range<Int>, scale: Float = 1) -> Float {
        embed(p, range)
        let l = loss.lossAndGradient(e, grad: &ge)
        backpropagate(ge, scale: scale)
        return l
    }

    /// GradCache (Gao et al. 2021; luyug/GradCache) steps 1–2: embed every pair, `chunk` pairs at a time, keeping no
    /// activations; then the full batch's loss and ∂L/∂e. Returns the full-batch loss.
    public func buildCache(_ p: ViewPairs, chunk: Int) -> Float {
        let n = p.count, d = dim
        if cache.rows != 2 * n || cache.cols != d {
            cache = Matrix(rows: 2 * n, cols: d)
            cacheGrad = cache
        }
        var start = 0
        while start < n {
            let m = min(chunk, n - start)
            embed(p, start..<(start + m))
            for r in 0..<m {
                for c in 0..<d {
                    cache.data[(start + r) * d + c] = e.data[r * d + c]
                    cache.data[(n + start + r) * d + c] = e.data[(m + r) * d + c]
                }
            }
            start += m
        }
        return loss.lossAndGradient(cache, grad: &cacheGrad)
    }

    /// GradCache step 3: re-embed the pairs in `range` with activations and backpropagate their rows of the cached
    /// ∂L/∂e (the surrogate ⟨e_chunk, sg(∂L/∂e_chunk)⟩), × `scale`. Over every chunk the sum is the full-batch gradient.
    public func backpropagateCached(_ p: ViewPairs, _ range: Range<Int>, scale: Float = 1) {
        let n = p.count, m = range.count, d = dim
        embed(p, range)
        for (r, i) in range.enumerated() {
            for c in 0..<d {
                ge.data[r * d + c] = cacheGrad.data[i * d + c]
                ge.data[(m + r) * d + c] = cacheGrad.data[(n + i) * d + c]
            }
        }
        backpropagate(ge, scale: scale)
    }

    /// ∂L/∂e of the last `embed` → every parameter's `grad` (overwritten).
    private func backpropagate(_ g: Matrix, scale: Float) {
        RowNormalization.backward(e, norms: norms, grad: g, into: &gu)
        let ws = mlp.workspace
        for i in 0..<gu.count { ws.outputGrad.data[i] = scale * gu.data[i] }
        mlp.backward(ws)
    }
}
