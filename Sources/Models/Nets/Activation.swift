/// Pointwise nonlinearities with vectorised forward and backward kernels.
///
/// Kernels are explicit 8-lane loops (closures passed to a generic helper were not inlined).
public enum Activation: String, CaseIterable, Sendable {
    case silu, tanh, relu, gelu

    /// y = f(z), also writing what backward needs into `aux` (σ(z) for SiLU, y for tanh, z for ReLU and GELU).
    public func forward(_ z: Matrix, into y: inout Matrix, aux: inout Matrix) {
        let count = z.count
        z.data.withUnsafeBufferPointer { pz in
            y.data.withUnsafeMutableBufferPointer { py in
                aux.data.withUnsafeMutableBufferPointer { pa in
                    let zp = pz.baseAddress!, yp = py.baseAddress!, ap = pa.baseAddress!
                    var i = 0
                    while i < count {
                        let n = min(8, count - i)
                        let v = loadPartial(zp, i, n)
                        let a: Lanes, out: Lanes
                        switch self {
                        case .silu:
                            a = vsigmoid(v)
                            out = v * a
                        case .tanh:
                            a = vtanh(v)
                            out = a
                        case .relu:
                            a = v
                            out = laneMax(v, Lanes())
                        case .gelu:
                            a = v
                            out = 0.5 * v * (1 + vtanh(geluInner(v)))
                        }
                        storePartial(a, ap, i, n)
                        storePartial(out, yp, i, n)
                        i += 8
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
                        var i = 0
                        while i < count {
                            let n = min(8, count - i)
                            let g = loadPartial(gp, i, n), a = loadPartial(ap, i, n)
                            let d: Lanes
                            switch self {
                            case .silu:
                                // d/dz z·σ(z) = σ + z·σ(1−σ) = σ + y(1−σ)
                                d = g * (a + loadPartial(yp, i, n) * (1 - a))
                            case .tanh:
                                d = g * (1 - a * a)
                            case .relu:
                                d = laneWherePositive(g, a)
                            case .gelu:
                                let t = vtanh(geluInner(a))
                                let du = 0.797_884_56 * (1 + 3 * 0.044_715 * a * a)
                                d = g * (0.5 * (1 + t) + 0.5 * a * (1 - t * t) * du)
                            }
                            storePartial(d, dp, i, n)
                            i += 8
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
