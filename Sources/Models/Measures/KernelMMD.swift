import CKernels
import Foundation

/// Squared MMD with a sum of four RBF kernels, bandwidths h = σ·{1, 1/2, 1/4, 1/8}, unbiased (Gretton et al. 2012,
/// eq. 3): MMD²ᵤ = Σ_{i≠j} k(xᵢ,xⱼ)/m(m−1) + Σ_{i≠j} k(yᵢ,yⱼ)/n(n−1) − 2Σ k(xᵢ,yⱼ)/mn.
///
/// One exp per pair: k_{h/2} = exp(−d²/2(h/2)²) = k_h⁴, so the narrower kernels come from repeated squaring. Terms below
/// 10⁻⁹ are dropped before each squaring, which keeps every product a normal Float (subnormals are ~100× slower).
struct MultiScaleRBF: Sendable {
    /// 1/(2σ²) for the widest kernel.
    let inverseTwiceVariance: Float

    init(scale: Double) {
        precondition(scale > 0 && scale.isFinite, "the kernel scale must be positive")
        inverseTwiceVariance = Float(1 / (2 * scale * scale))
    }

    /// Σ_{i≠j} k(aᵢ, aⱼ), from the pairs i < j.
    func withinSum(_ a: PlanarPoints) -> Double {
        a.x.withUnsafeBufferPointer { px in
            a.y.withUnsafeBufferPointer { py in
                var total = 0.0
                let native = nativeKernels
                for i in 0..<a.count {
                    total += row(px[i], py[i], px.baseAddress!, py.baseAddress!, from: i + 1, to: a.count, native: native)
                }
                return 2 * total
            }
        }
    }

    /// Σ_{i,j} k(aᵢ, bⱼ).
    func crossSum(_ a: PlanarPoints, _ b: PlanarPoints) -> Double {
        b.x.withUnsafeBufferPointer { px in
            b.y.withUnsafeBufferPointer { py in
                var total = 0.0
                let native = nativeKernels
                for i in 0..<a.count {
                    total += row(a.x[i], a.y[i], px.baseAddress!, py.baseAddress!, from: 0, to: b.count, native: native)
                }
                return total
            }
        }
    }

    /// Σ_{j ∈ from..<to} k(q, pⱼ): AVX2 in CKernels where the CPU has it, else 8 Swift lanes with the tail masked.
    @inline(__always)
    private func row(_ qx: Float, _ qy: Float, _ px: UnsafePointer<Float>, _ py: UnsafePointer<Float>, from: Int, to: Int,
                     native: Bool) -> Double {
        if native { return to > from ? ck_rbf4_sum(qx, qy, px + from, py + from, to - from, inverseTwiceVariance) : 0 }
        let vx = Lanes(repeating: qx), vy = Lanes(repeating: qy), negC = Lanes(repeating: -inverseTwiceVariance)
        var acc = Lanes()
        var j = from
        while j + 8 <= to {
            acc += Self.kernels(load(px, j) - vx, load(py, j) - vy, negC)
            j += 8
        }
        if j < to {
            let n = to - j
            var mask = Lanes()
            for l in 0..<n { mask[l] = 1 }
            acc += mask * Self.kernels(loadPartial(px, j, n) - vx, loadPartial(py, j, n) - vy, negC)
        }
        return Double(acc.sum())
    }

    @inline(__always)
    private static func kernels(_ dx: Lanes, _ dy: Lanes, _ negC: Lanes) -> Lanes {
        let k0 = dropTiny(vexp((dx * dx + dy * dy) * negC))
        let k1 = dropTiny(fourthPower(k0))
        let k2 = dropTiny(fourthPower(k1))
        return k0 + k1 + k2 + fourthPower(k2)
    }

    @inline(__always)
    private static func fourthPower(_ v: Lanes) -> Lanes { let s = v * v; return s * s }

    @inline(__always)
    private static func dropTiny(_ v: Lanes) -> Lanes { laneWherePositive(v, v - 1e-9) }

    /// MMD²ᵤ from the three sums; `withinB` is cached by the caller for a fixed reference.
    func mmdSquared(_ a: PlanarPoints, _ b: PlanarPoints, withinB: Double) -> Double {
        let m = Double(a.count), n = Double(b.count)
        return withinSum(a) / (m * (m - 1)) + withinB / (n * (n - 1)) - 2 * crossSum(a, b) / (m * n)
    }
}

/// Points as two contiguous Float arrays, the layout the 8-lane kernel loops load from.
struct PlanarPoints: Sendable {
    var x: [Float], y: [Float]
    var count: Int { x.count }

    init(_ flat: [Float]) {
        x = (0..<(flat.count / 2)).map { flat[2 * $0] }
        y = (0..<(flat.count / 2)).map { flat[2 * $0 + 1] }
    }
}
