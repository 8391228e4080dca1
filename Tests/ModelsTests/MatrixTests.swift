import Testing
@testable import Models

@Suite struct MatrixTests {
    @Test func gemmMatchesNaiveProductWithTransposes() {
        var rng = RNG(seed: 1)
        var a = Matrix(rows: 5, cols: 3), b = Matrix(rows: 4, cols: 3)
        rng.fillNormal(&a); rng.fillNormal(&b)
        var c = Matrix(rows: 5, cols: 4)
        BLAS.gemm(a, b, transposeB: true, into: &c)
        for i in 0..<5 {
            for j in 0..<4 {
                var s: Float = 0
                for k in 0..<3 { s += a[i, k] * b[j, k] }
                #expect(abs(c[i, j] - s) < 1e-5)
            }
        }
        var d = Matrix(rows: 3, cols: 3)
        BLAS.gemm(a, transposeA: true, a, into: &d)
        for i in 0..<3 {
            for j in 0..<3 {
                var s: Float = 0
                for k in 0..<5 { s += a[k, i] * a[k, j] }
                #expect(abs(d[i, j] - s) < 1e-5)
            }
        }
    }

    @Test func syrkAndSymmAgreeWithGemm() {
        var rng = RNG(seed: 2)
        var x = Matrix(rows: 6, cols: 9)
        rng.fillNormal(&x)
        var full = Matrix(rows: 6, cols: 6), sym = Matrix(rows: 6, cols: 6)
        BLAS.gemm(x, x, transposeB: true, into: &full)
        BLAS.syrkUpper(x, into: &sym)
        sym.mirrorUpperToLower()
        for i in 0..<36 { #expect(abs(full.data[i] - sym.data[i]) < 1e-4) }
        var viaGemm = Matrix(rows: 6, cols: 9), viaSymm = Matrix(rows: 6, cols: 9)
        BLAS.gemm(full, x, into: &viaGemm)
        BLAS.symmUpperLeft(sym, x, into: &viaSymm)
        for i in 0..<54 { #expect(abs(viaGemm.data[i] - viaSymm.data[i]) < 1e-3) }
    }

    @Test func vectorExpIsAccurateToAFewUlps() {
        var worst: Double = 0
        var x: Float = -80
        while x < 80 {
            let rel = abs(Double(fastExp(x)) - Foundation.exp(Double(x))) / Foundation.exp(Double(x))
            worst = max(worst, rel)
            x += 0.0137
        }
        #expect(worst < 1e-6)
        #expect(fastExp(0) == 1)
        #expect(fastExp(-200) >= 0 && fastExp(-200) < 1e-37)
        #expect(fastExp(200).isFinite)
    }

    @Test func rngIsDeterministicAndNormalHasUnitMoments() {
        var a = RNG(seed: 42), b = RNG(seed: 42)
        for _ in 0..<10 { #expect(a.next() == b.next()) }
        var r = RNG(seed: 7)
        let n = 200_000
        var s = 0.0, s2 = 0.0
        for _ in 0..<n { let z = r.normal(); s += z; s2 += z * z }
        #expect(abs(s / Double(n)) < 0.01)
        #expect(abs(s2 / Double(n) - 1) < 0.02)
    }
}

import Foundation
