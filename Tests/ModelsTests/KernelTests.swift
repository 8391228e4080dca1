import CKernels
import Foundation
import Testing
@testable import Models

/// The AVX2 kernels and the portable 8-lane Swift kernels must agree: either may run, depending on the CPU. The AVX2
/// tests skip (with a message) on other CPUs; the portable lanes are forced and checked on every CPU.
@Suite struct KernelTests {
    @Test(.enabled(if: cpuHasNativeKernels, "this CPU has no AVX2+FMA: only the portable Swift kernels can run here"))
    func nativeSiLUMatchesSwiftLanes() {
        var rng = RNG(seed: 8)
        var z = Matrix(rows: 7, cols: 13)
        rng.fillNormal(&z, scale: 6)
        var y1 = z, s1 = z, y2 = z, s2 = z
        laneMap(SiLULanes.self, z, &y1, &s1)
        z.data.withUnsafeBufferPointer { pz in
            y2.data.withUnsafeMutableBufferPointer { py in
                s2.data.withUnsafeMutableBufferPointer { ps in ck_silu_forward(pz.baseAddress!, py.baseAddress!, ps.baseAddress!, z.count) }
            }
        }
        for i in 0..<z.count {
            #expect(abs(y1.data[i] - y2.data[i]) <= 1e-6 * max(1, abs(y1.data[i])))
            #expect(abs(s1.data[i] - s2.data[i]) <= 1e-6)
        }
    }

    @Test(.enabled(if: cpuHasNativeKernels, "this CPU has no AVX2+FMA: only the portable Swift kernels can run here"))
    func nativeAdamMatchesTheFormula() {
        let n = 19
        var w = (0..<n).map { Float($0) * 0.1 - 1 }, g = (0..<n).map { Float(n - $0) * 0.05 - 0.3 }
        var m = [Float](repeating: 0.01, count: n), v = [Float](repeating: 0.002, count: n)
        let expected = (0..<n).map { i -> Float in
            let mi = 0.9 * m[i] + 0.1 * g[i], vi = 0.999 * v[i] + 0.001 * g[i] * g[i]
            return w[i] * 0.99 - 0.01 * mi / (vi.squareRoot() * 1.5 + 1e-8)
        }
        ck_adam(&w, &g, &m, &v, n, 0.9, 0.999, 1e-8, 0.01, 1.5, 0.99)
        for i in 0..<n { #expect(abs(w[i] - expected[i]) < 1e-6, "element \(i)") }
    }

    @Test func theOverrideSelectsThePortableLanesForOneTaskOnly() {
        NativeKernels.$allowed.withValue(false) { #expect(!nativeKernels) }
        #expect(nativeKernels == cpuHasNativeKernels)
    }

    /// SiLU through `Activation` on the forced Swift lanes: y = z·σ(z) and dz = dy·(σ + y(1 − σ)), in Double.
    @Test func portableSiLULanesMatchTheFormula() {
        NativeKernels.$allowed.withValue(false) {
            var rng = RNG(seed: 9)
            var z = Matrix(rows: 5, cols: 11), dy = Matrix(rows: 5, cols: 11)
            rng.fillNormal(&z, scale: 6)
            rng.fillNormal(&dy)
            var y = z, s = z, dz = z
            Activation.silu.forward(z, into: &y, aux: &s)
            Activation.silu.backward(dy: dy, y: y, aux: s, into: &dz)
            for i in 0..<z.count {
                let zi = Double(z.data[i]), sg = 1 / (1 + exp(-zi))
                let grad = Double(dy.data[i]) * (sg + zi * sg * (1 - sg))
                #expect(abs(Double(y.data[i]) - zi * sg) <= 1e-6 * max(1, abs(zi)))
                #expect(abs(Double(dz.data[i]) - grad) <= 1e-5 * max(1, abs(grad)), "element \(i)")
            }
        }
    }
}
