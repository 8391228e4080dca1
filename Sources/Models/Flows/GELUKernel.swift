/// GELU (tanh form, as `Activation.gelu`) for the conditioners' MLP sublayers, keeping tanh of the inner term so the
/// backward pass needs no second tanh: in TARFLOW's training step GELU's two tanh passes were a quarter of the time.
enum GELUKernel {
    /// y = ½z(1 + t), t = tanh(√(2/π)(z + 0.044715z³)) kept in `tanh`.
    static func forward(_ z: Matrix, into y: inout Matrix, tanh t: inout Matrix) {
        let count = z.count
        z.data.withUnsafeBufferPointer { pz in
            y.data.withUnsafeMutableBufferPointer { py in
                t.data.withUnsafeMutableBufferPointer { pt in
                    var i = 0
                    while i < count {
                        let n = min(8, count - i)
                        let v = loadPartial(pz.baseAddress!, i, n)
                        let th = vtanh(geluInner(v))
                        storePartial(th, pt.baseAddress!, i, n)
                        storePartial(0.5 * v * (1 + th), py.baseAddress!, i, n)
                        i += 8
                    }
                }
            }
        }
    }

    /// dz = dy·(½(1 + t) + ½z(1 − t²)·√(2/π)(1 + 3·0.044715z²)).
    static func backward(dy: Matrix, z: Matrix, tanh t: Matrix, into dz: inout Matrix) {
        let count = dy.count
        dy.data.withUnsafeBufferPointer { pd in
            z.data.withUnsafeBufferPointer { pz in
                t.data.withUnsafeBufferPointer { pt in
                    dz.data.withUnsafeMutableBufferPointer { po in
                        var i = 0
                        while i < count {
                            let n = min(8, count - i)
                            let g = loadPartial(pd.baseAddress!, i, n), v = loadPartial(pz.baseAddress!, i, n)
                            let th = loadPartial(pt.baseAddress!, i, n)
                            let du = 0.797_884_56 * (1 + 3 * 0.044_715 * v * v)
                            storePartial(g * (0.5 * (1 + th) + 0.5 * v * (1 - th * th) * du), po.baseAddress!, i, n)
                            i += 8
                        }
                    }
                }
            }
        }
    }
}
