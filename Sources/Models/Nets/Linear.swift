/// y = x·Wᵀ + b with W stored [out × in] as in PyTorch, so init and shapes match its nn.Linear.
public final class Linear: HasParameters {
    public let inFeatures: Int
    public let outFeatures: Int
    public let weight: Parameter
    public let bias: Parameter

    /// PyTorch's default init: W and b ~ U(−1/√in, 1/√in) (kaiming_uniform with a = √5).
    public init(_ inFeatures: Int, _ outFeatures: Int, role: ParameterRole, name: String, rng: inout RNG) {
        self.inFeatures = inFeatures
        self.outFeatures = outFeatures
        let bound = 1 / Float(inFeatures).squareRoot()
        var w = Matrix(rows: outFeatures, cols: inFeatures)
        rng.fillUniform(&w, lo: -bound, hi: bound)
        var b = Matrix(rows: 1, cols: outFeatures)
        rng.fillUniform(&b, lo: -bound, hi: bound)
        weight = Parameter(name: "\(name).weight", role: role, value: w)
        bias = Parameter(name: "\(name).bias", role: .bias, value: b)
    }

    public var parameters: [Parameter] { [weight, bias] }

    /// y ← x·Wᵀ + b; `y` must be [batch × out].
    public func forward(_ x: Matrix, into y: inout Matrix) {
        let n = outFeatures
        y.data.withUnsafeMutableBufferPointer { py in
            bias.value.data.withUnsafeBufferPointer { pb in
                for r in 0..<x.rows { (py.baseAddress! + r * n).update(from: pb.baseAddress!, count: n) }
            }
        }
        BLAS.gemm(x, weight.value, transposeB: true, into: &y, beta: 1)
    }

    /// Sets dW = dyᵀ·x and db = Σ_rows dy (unless `parameterGrads` is false); writes dx = dy·W when asked.
    public func backward(x: Matrix, dy: Matrix, dx: inout Matrix, computeInputGrad: Bool = true, parameterGrads: Bool = true) {
        if computeInputGrad { BLAS.gemm(dy, weight.value, into: &dx) }
        guard parameterGrads else { return }
        BLAS.gemm(dy, transposeA: true, x, into: &weight.grad)
        let n = outFeatures
        bias.grad.data.withUnsafeMutableBufferPointer { pg in
            dy.data.withUnsafeBufferPointer { pd in
                for c in 0..<n { pg[c] = 0 }
                for r in 0..<dy.rows {
                    let row = pd.baseAddress! + r * n
                    for c in 0..<n { pg[c] += row[c] }
                }
            }
        }
    }
}
