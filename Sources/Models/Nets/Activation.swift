import CKernels

/// Pointwise nonlinearities with vectorised forward and backward kernels.
///
/// Kernels are explicit 8-lane loops (closures passed to a generic helper were not inlined).
public enum Activation: String, CaseIterable, Sendable {
    case silu, tanh, relu, gelu

    /// y = f(z), also writing what backward needs into `aux` (σ(z) for SiLU, y for tanh, z for ReLU and GELU).
    public func forward(_ z: Matrix, into y: inout Matrix, aux: inout Matrix) {
        switch self {
        case .silu where nativeKernels:
            z.data.withUnsafeBufferPointer { pz in
                y.data.withUnsafeMutableBufferPointer { py in
                    aux.data.withUnsafeMutableBufferPointer { pa in
                        ck_silu_forward(pz.baseAddress!, py.baseAddress!, pa.baseAddress!, z.count)
                    }
                }
            }
        case .silu: laneMap(SiLULanes.self, z, &y, &aux)
        case .tanh: laneMap(TanhLanes.self, z, &y, &aux)
        case .relu: laneMap(ReLULanes.self, z, &y, &aux)
        case .gelu: laneMap(GELULanes.self, z, &y, &aux)
        }
    }

    /// dz = dy · f′(z), from the forward pass's `y` and `aux`.
    public func backward(dy: Matrix, y: Matrix, aux: Matrix, into dz: inout Matrix) {
        let count = dy.count
        if self == .silu && nativeKernels {
            dy.data.withUnsafeBufferPointer { pdy in
                y.data.withUnsafeBufferPointer { py in
                    aux.data.withUnsafeBufferPointer { pa in
                        dz.data.withUnsafeMutableBufferPointer { pdz in
                            ck_silu_backward(pdy.baseAddress!, py.baseAddress!, pa.baseAddress!, pdz.baseAddress!, count)
                        }
                    }
                }
            }
            return
        }
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

/// A pointwise function on 8 lanes returning (aux, y); a static requirement, so generic loops specialise and inline it
/// (a closure argument was compiled as a call per block).
protocol LaneFunction {
    static func apply(_ v: Lanes) -> (aux: Lanes, y: Lanes)
}

enum SiLULanes: LaneFunction {
    @inline(__always) static func apply(_ v: Lanes) -> (aux: Lanes, y: Lanes) { let s = vsigmoid(v); return (s, v * s) }
}

enum TanhLanes: LaneFunction {
    @inline(__always) static func apply(_ v: Lanes) -> (aux: Lanes, y: Lanes) { let t = vtanh(v); return (t, t) }
}

enum ReLULanes: LaneFunction {
    @inline(__always) static func apply(_ v: Lanes) -> (aux: Lanes, y: Lanes) { (v, laneMax(v, Lanes())) }
}

enum GELULanes: LaneFunction {
    @inline(__always) static func apply(_ v: Lanes) -> (aux: Lanes, y: Lanes) { (v, 0.5 * v * (1 + vtanh(geluInner(v)))) }
}

/// Applies `F` over full 8-lane blocks, then the zero-padded tail.
@inline(__always)
func laneMap<F: LaneFunction>(_: F.Type, _ z: Matrix, _ y: inout Matrix, _ aux: inout Matrix) {
    let count = z.count
    z.data.withUnsafeBufferPointer { pz in
        y.data.withUnsafeMutableBufferPointer { py in
            aux.data.withUnsafeMutableBufferPointer { pa in
                let zp = pz.baseAddress!, yp = py.baseAddress!, ap = pa.baseAddress!
                var i = 0
                while i + 8 <= count {
                    let r = F.apply(load(zp, i))
                    store(r.aux, ap, i)
                    store(r.y, yp, i)
                    i += 8
                }
                if i < count {
                    let n = count - i
                    let r = F.apply(loadPartial(zp, i, n))
                    storePartial(r.aux, ap, i, n)
                    storePartial(r.y, yp, i, n)
                }
            }
        }
    }
}
