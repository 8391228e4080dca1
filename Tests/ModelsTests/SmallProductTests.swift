import CKernels
import Foundation
import Testing
@testable import Models

/// libxsmm, when installed, takes the step's small products (`xsmm.c`); its results must be OpenBLAS's bit for bit,
/// so a run's figures do not depend on which library is on the machine.
@Suite struct SmallProductTests {
    /// Row-major C = op(A)·op(B) (+ C when `accumulate`) through `ck_sgemm` (libxsmm if it takes it) and through OpenBLAS.
    private func both(_ ta: Bool, _ tb: Bool, m: Int, n: Int, k: Int, accumulate: Bool) -> (lab: [Float], openblas: [Float]) {
        var rng = RNG(seed: 7, stream: 1)
        let a = (0..<(m * k)).map { _ in rng.normalFloat() }, b = (0..<(k * n)).map { _ in rng.normalFloat() }
        let start = (0..<(m * n)).map { _ in rng.normalFloat() }
        var lab = start, openblas = start
        let lda = Int32(ta ? m : k), ldb = Int32(tb ? k : n), beta: Float = accumulate ? 1 : 0
        ck_sgemm(ta ? 1 : 0, tb ? 1 : 0, Int32(m), Int32(n), Int32(k), 1, a, lda, b, ldb, beta, &lab, Int32(n))
        ck_sgemm_openblas(ta ? 1 : 0, tb ? 1 : 0, Int32(m), Int32(n), Int32(k), 1, a, lda, b, ldb, beta, &openblas, Int32(n))
        return (lab, openblas)
    }

    @Test("the step's products (X·Wᵀ, dZᵀ·X, dZ·W), the evaluation's and small ones equal OpenBLAS's bit for bit, C = A·B and C += A·B",
          arguments: [(false, true, 256, 128, 128), (true, false, 128, 128, 256), (false, false, 256, 128, 128),
                      (false, true, 2000, 128, 128), (false, true, 1000, 128, 128), (true, false, 128, 128, 300),
                      (false, true, 37, 24, 40), (false, true, 256, 2, 128)])
    func productsMatchOpenBLAS(_ shape: (Bool, Bool, Int, Int, Int)) {
        for accumulate in [false, true] {
            let r = both(shape.0, shape.1, m: shape.2, n: shape.3, k: shape.4, accumulate: accumulate)
            let differing = zip(r.lab, r.openblas).filter { $0.0.bitPattern != $0.1.bitPattern }.count
            let largest = zip(r.lab, r.openblas).map { abs($0.0 - $0.1) }.max() ?? 0
            #expect(differing == 0, "\(shape) accumulate \(accumulate): \(differing) entries differ (largest by \(largest)) with libxsmm \(BLAS.smallProducts ?? "off")")
        }
    }

    @Test("with libxsmm loaded, it takes the step's products and leaves to OpenBLAS what it would sum in another order",
          .enabled(if: BLAS.smallProducts != nil, "libxsmm is not installed: every product runs in OpenBLAS"))
    func libxsmmTakesWhatItShould() {
        var c = [Float](repeating: 0, count: 1024 * 1024)
        let a = [Float](repeating: 1, count: 1024 * 1024), b = a
        func takes(_ ta: Bool, _ tb: Bool, _ m: Int, _ n: Int, _ k: Int, beta: Float = 0) -> Bool {
            ck_xsmm_sgemm(ta ? 1 : 0, tb ? 1 : 0, Int32(m), Int32(n), Int32(k), 1, a, Int32(ta ? m : k), b, Int32(tb ? k : n), beta, &c, Int32(n)) == 1
        }
        #expect(takes(false, true, 256, 128, 128) && takes(true, false, 128, 128, 256) && takes(false, false, 256, 128, 128))
        #expect(!takes(false, false, 256, 128, 128, beta: 1), "C += A·B stays in OpenBLAS")
        #expect(!takes(false, true, 37, 24, 40), "a product under OpenBLAS's small-matrix bound stays in OpenBLAS")
        #expect(!takes(false, false, 256, 512, 128), "a 512-wide side stays in OpenBLAS")
        #expect(!takes(true, true, 256, 128, 128), "Aᵀ·Bᵀ stays in OpenBLAS")
    }
}
