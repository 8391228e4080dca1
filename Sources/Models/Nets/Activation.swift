/// Pointwise nonlinearities with vectorised forward and backward kernels.
public enum Activation: String, CaseIterable, Sendable {
    case silu, tanh, relu, gelu

    /// y = f(z), also writing what backward needs into `aux` (σ(z) for SiLU, y for tanh, z for ReLU and GELU).
    public func forward(_ z: Matrix, into y: inout Matrix, aux: inout Matrix) {
        let count = z.count
        z.data.withUnsafeBufferPointer { pz in
            y.data.withUnsafeMutableBufferPointer { py in
                aux.data.withUnsafeMutableBufferPointer { pa in
                    let zp = pz.baseAddress!, yp = py.baseAddress!, ap = pa.baseAddress!
                    switch self {
                    case .silu:
                        forEachLane(count: count) { i, n in
                            let v = loadPartial(zp, i, n)
                            let s = vsigmoid(v)
                            storePartial(s, ap, i, n)
                            storePartial(v * s, yp, i, n)
                        }
                    case .tanh:
                        forEachLane(count: count) { i, n in
                            let t = vtanh(loadPartial(zp, i, n))
                            storePartial(t, ap, i, n)
                            storePartial(t, yp, i, n)
                        }
                    case .relu:
                        forEachLane(count: count) { i, n in
                            let v = loadPartial(zp, i, n)
                            storePartial(v, ap, i, n)
                            storePartial(v.replacing(with: 0, where: v .< 0), yp, i, n)
                        }
                    case .gelu:
                        forEachLane(count: count) { i, n in
                            let v = loadPartial(zp, i, n)
                            storePartial(v, ap, i, n)
                            storePartial(0.5 * v * (1 + vtanh(geluInner(v))), yp, i, n)
                        }
                    }
                }
            }
        }
    }

    /// dz = dy · f′(z), from the forward pass's `y` and `aux`.
    public func backward(dy: Matrix, y: Matrix, aux: Matrix, into dz: inout Matrix) {
        let count = dy.count
        dy.data.withUnsafeBufferPointer { pdy in
            y.data.withUnsafeBufferPointer { py in
                aux.data.withUnsafeBufferPointer { pa in
                    dz.data.withUnsafeMutableBufferPointer { pdz in
                        let gp = pdy.baseAddress!, yp = py.baseAddress!, ap = pa.baseAddress!, dp = pdz.baseAddress!
                        switch self {
                        case .silu:
                            // d/dz z·σ(z) = σ + z·σ(1−σ) = σ + y(1−σ)
                            forEachLane(count: count) { i, n in
                                let s = loadPartial(ap, i, n)
                                let d = s + loadPartial(yp, i, n) * (1 - s)
                                storePartial(loadPartial(gp, i, n) * d, dp, i, n)
                            }
                        case .tanh:
                            forEachLane(count: count) { i, n in
                                let t = loadPartial(ap, i, n)
                                storePartial(loadPartial(gp, i, n) * (1 - t * t), dp, i, n)
                            }
                        case .relu:
                            forEachLane(count: count) { i, n in
                                let g = loadPartial(gp, i, n)
                                storePartial(g.replacing(with: 0, where: loadPartial(ap, i, n) .<= 0), dp, i, n)
                            }
                        case .gelu:
                            forEachLane(count: count) { i, n in
                                let v = loadPartial(ap, i, n)
                                let t = vtanh(geluInner(v))
                                let du = 0.797_884_56 * (1 + 3 * 0.044_715 * v * v)
                                let d = 0.5 * (1 + t) + 0.5 * v * (1 - t * t) * du
                                storePartial(loadPartial(gp, i, n) * d, dp, i, n)
                            }
                        }
                    }
                }
            }
        }
    }
}

/// GELU's tanh approximation (Hendrycks & Gimpel): √(2/π)·(z + 0.044715·z³); PyTorch's approximate="tanh".
@inline(__always)
func geluInner(_ v: Lanes) -> Lanes { 0.797_884_56 * (v + 0.044_715 * v * v * v) }
