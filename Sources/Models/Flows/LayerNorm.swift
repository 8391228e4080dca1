/// Row-wise LayerNorm with a learned gain and shift (PyTorch's nn.LayerNorm(C), ε = 1e-5): TARFLOW normalises the
/// input of every residual sublayer, which keeps its conditioners from blowing up at lr 1e-3.
public final class LayerNorm: HasParameters {
    public let width: Int
    public let gain: Parameter
    public let shift: Parameter
    public static let epsilon: Float = 1e-5

    public init(_ width: Int, name: String) {
        self.width = width
        gain = Parameter(name: "\(name).weight", role: .bias, value: Matrix(rows: 1, cols: width, repeating: 1))
        shift = Parameter(name: "\(name).bias", role: .bias, value: Matrix(rows: 1, cols: width))
    }

    public var parameters: [Parameter] { [gain, shift] }

    /// y = γ·x̂ + β with x̂ = (x − mean)/√(var + ε) per row; keeps x̂ and 1/√(var + ε) for `backward`.
    public func forward(_ x: Matrix, normalized: inout Matrix, rstd: inout [Float], into y: inout Matrix) {
        let n = width, rows = x.rows
        x.data.withUnsafeBufferPointer { px in
            normalized.data.withUnsafeMutableBufferPointer { ph in
                y.data.withUnsafeMutableBufferPointer { py in
                    rstd.withUnsafeMutableBufferPointer { pr in
                        gain.value.data.withUnsafeBufferPointer { pg in
                            shift.value.data.withUnsafeBufferPointer { pb in
                                for r in 0..<rows {
                                    let xr = px.baseAddress! + r * n, hr = ph.baseAddress! + r * n, yr = py.baseAddress! + r * n
                                    var mean: Float = 0
                                    for c in 0..<n { mean += xr[c] }
                                    mean /= Float(n)
                                    var v: Float = 0
                                    for c in 0..<n { let d = xr[c] - mean; v += d * d }
                                    let s = 1 / (v / Float(n) + Self.epsilon).squareRoot()
                                    pr[r] = s
                                    for c in 0..<n {
                                        let h = (xr[c] - mean) * s
                                        hr[c] = h
                                        yr[c] = pg[c] * h + pb[c]
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// Adds ∂L/∂x = rstd·(g − mean g − x̂·mean(g·x̂)), g = γ·dy, to `dx`; sets dγ = Σ dy·x̂ and dβ = Σ dy when asked.
    public func backward(dy: Matrix, normalized: Matrix, rstd: [Float], addingTo dx: inout Matrix, parameterGrads: Bool) {
        let n = width, rows = dy.rows
        if parameterGrads {
            gain.zeroGrad()
            shift.zeroGrad()
        }
        dy.data.withUnsafeBufferPointer { pd in
            normalized.data.withUnsafeBufferPointer { ph in
                dx.data.withUnsafeMutableBufferPointer { px in
                    rstd.withUnsafeBufferPointer { pr in
                        gain.value.data.withUnsafeBufferPointer { pg in
                            gain.grad.data.withUnsafeMutableBufferPointer { dg in
                                shift.grad.data.withUnsafeMutableBufferPointer { db in
                                    for r in 0..<rows {
                                        let dr = pd.baseAddress! + r * n, hr = ph.baseAddress! + r * n, xr = px.baseAddress! + r * n
                                        var meanG: Float = 0, meanGH: Float = 0
                                        for c in 0..<n {
                                            let g = pg[c] * dr[c]
                                            meanG += g
                                            meanGH += g * hr[c]
                                        }
                                        meanG /= Float(n)
                                        meanGH /= Float(n)
                                        let s = pr[r]
                                        for c in 0..<n { xr[c] += s * (pg[c] * dr[c] - meanG - hr[c] * meanGH) }
                                        if parameterGrads {
                                            for c in 0..<n {
                                                dg[c] += dr[c] * hr[c]
                                                db[c] += dr[c]
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
