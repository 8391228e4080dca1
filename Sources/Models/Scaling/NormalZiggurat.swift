import Foundation

/// Standard normals by the ziggurat method (Marsaglia & Tsang 2000, "The Ziggurat Method for Generating Random
/// Variables", J. Stat. Softw. 5(8), 128 layers): one 64-bit draw gives a layer (7 bits) and a signed 32-bit abscissa
/// from separate bits, accepted at once ~99% of the time, so a normal costs a table look-up and a multiply instead of
/// the polar method's logarithm. The checkpointed sweep draws 65 of them per example, ~10⁹ in a run.
public enum NormalZiggurat {
    /// Right edge of the base layer and the area of each layer (the paper's r and v for 128 layers).
    static let r = 3.442619855899
    static let area = 9.91256303526217e-3

    /// kn: acceptance bounds on |abscissa| per layer; wn: the abscissa's scale; fn: the density at each layer's edge.
    static let tables: (kn: [UInt32], wn: [Float], fn: [Float]) = {
        let m1 = 2147483648.0
        var kn = [UInt32](repeating: 0, count: 128), wn = [Float](repeating: 0, count: 128), fn = [Float](repeating: 0, count: 128)
        var dn = r, tn = r
        let q = area / exp(-0.5 * dn * dn)
        kn[0] = UInt32((dn / q) * m1)
        kn[1] = 0
        wn[0] = Float(q / m1)
        wn[127] = Float(dn / m1)
        fn[0] = 1
        fn[127] = Float(exp(-0.5 * dn * dn))
        for i in stride(from: 126, through: 1, by: -1) {
            dn = (-2 * log(area / dn + exp(-0.5 * dn * dn))).squareRoot()
            kn[i + 1] = UInt32((dn / tn) * m1)
            tn = dn
            fn[i] = Float(exp(-0.5 * dn * dn))
            wn[i] = Float(dn / m1)
        }
        return (kn, wn, fn)
    }()

    /// One standard normal from `rng`.
    @inline(__always)
    public static func next(_ rng: inout RNG, _ t: borrowing ZigguratTables) -> Float {
        let bits = rng.next()
        let hz = Int32(truncatingIfNeeded: bits >> 32), iz = Int(bits & 127)
        if hz.magnitude < t.kn[iz] { return Float(hz) * t.wn[iz] }
        return fix(hz, iz, &rng, t)
    }

    /// The rare draws outside a layer's rectangle: the base layer's tail (Marsaglia 1964) or a wedge test.
    static func fix(_ hz0: Int32, _ iz0: Int, _ rng: inout RNG, _ t: borrowing ZigguratTables) -> Float {
        var hz = hz0, iz = iz0
        while true {
            let x = Double(hz) * Double(t.wn[iz])
            if iz == 0 {
                var tx = 0.0, ty = 0.0
                repeat {
                    tx = -log(1 - rng.uniform()) / r
                    ty = -log(1 - rng.uniform())
                } while ty + ty < tx * tx
                return Float(hz > 0 ? r + tx : -r - tx)
            }
            if Double(t.fn[iz]) + rng.uniform() * Double(t.fn[iz - 1] - t.fn[iz]) < exp(-0.5 * x * x) { return Float(x) }
            let bits = rng.next()
            hz = Int32(truncatingIfNeeded: bits >> 32)
            iz = Int(bits & 127)
            if hz.magnitude < t.kn[iz] { return Float(hz) * t.wn[iz] }
        }
    }
}

/// The ziggurat's tables in one contiguous allocation, read without bounds checks or reference counting in the
/// sampling loop; one per worker.
public struct ZigguratTables: ~Copyable {
    let kn: UnsafeMutablePointer<UInt32>
    let wn: UnsafeMutablePointer<Float>
    let fn: UnsafeMutablePointer<Float>

    public init() {
        let t = NormalZiggurat.tables
        kn = .allocate(capacity: 128)
        wn = .allocate(capacity: 128)
        fn = .allocate(capacity: 128)
        for i in 0..<128 {
            kn[i] = t.kn[i]
            wn[i] = t.wn[i]
            fn[i] = t.fn[i]
        }
    }

    deinit {
        kn.deallocate()
        wn.deallocate()
        fn.deallocate()
    }
}
