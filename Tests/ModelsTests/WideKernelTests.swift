import CKernels
import Foundation
import Testing
@testable import Models

/// The AVX-512 loops of the SiLU, Adam and RBF kernels (`ck_math512.h`) must give the AVX2 loops' bits, so a run's
/// figures never depend on which of the two a CPU takes.
@Suite(.serialized) struct WideKernelTests {
    /// `body` run with the AVX-512 loops off, then on (where the CPU has them); both results.
    private func bothPaths<T>(_ body: () -> T) -> (avx2: T, wide: T) {
        ck_set_avx512(0)
        let narrow = body()
        ck_set_avx512(1)
        return (narrow, body())
    }

    /// Inputs that reach every branch: tiny, huge (exp clamps at ±88), ±0, and lengths that leave 8- and 1-wide tails.
    private func inputs(_ count: Int, seed: UInt64) -> [Float] {
        var rng = RNG(seed: seed, stream: 3)
        var x = (0..<count).map { _ in 6 * rng.normalFloat() }
        let edges: [Float] = [0, -0.0, 1e-30, -1e-30, 88, -88, 100, -100, 1e6, -1e6]
        for (i, e) in edges.enumerated() where i < count { x[i] = e }
        return x
    }

    private func differing(_ a: [Float], _ b: [Float]) -> Int { zip(a, b).filter { $0.0.bitPattern != $0.1.bitPattern }.count }

    @Test("SiLU forward, bias + SiLU and the fused input layer give the same bits on both paths", arguments: [8, 24, 128, 136, 1037])
    func siluPathsAgree(_ n: Int) {
        let z = inputs(n, seed: UInt64(n))
        let forward = bothPaths { () -> [Float] in
            var y = [Float](repeating: 0, count: n), s = y
            ck_silu_forward(z, &y, &s, n)
            return y + s
        }
        #expect(differing(forward.avx2, forward.wide) == 0)
        guard n % 8 == 0 else { return }
        let bias = inputs(n, seed: 99)
        let rows = 3
        let zz = inputs(rows * n, seed: 5)
        let fused = bothPaths { () -> [Float] in
            var y = [Float](repeating: 0, count: rows * n), s = y
            ck_bias_silu(zz, bias, &y, &s, rows, n)
            return y + s
        }
        #expect(differing(fused.avx2, fused.wide) == 0)
    }

    @Test("Adam's update gives the same weights and moments on both paths, lengths with and without tails", arguments: [16, 40, 16_643])
    func adamPathsAgree(_ n: Int) {
        let g = inputs(n, seed: 11), w0 = inputs(n, seed: 12), m0 = inputs(n, seed: 13).map { $0 / 10 }
        let v0 = inputs(n, seed: 14).map { $0 * $0 }
        let r = bothPaths { () -> [Float] in
            var w = w0, m = m0, v = v0
            ck_adam(&w, g, &m, &v, n, 0.9, 0.999, 1e-8, 1e-3, 1.7, 0.9999)
            return w + m + v
        }
        #expect(differing(r.avx2, r.wide) == 0)
    }

    @Test("the MMD's four-scale kernel sum is the same double on both paths", arguments: [7, 16, 2000, 2003])
    func rbfPathsAgree(_ n: Int) {
        let px = inputs(n, seed: 21).map { $0 / 6 }, py = inputs(n, seed: 22).map { $0 / 6 }
        let r = bothPaths { [0.5, 3, 40].map { c in ck_rbf4_sum(0.1, -0.2, px, py, n, Float(c)) } }
        #expect(r.avx2.map(\.bitPattern) == r.wide.map(\.bitPattern))
    }

    @Test("the known-bad twin is caught: 1/x from rcp14 instead of the halves' rcpps differs in its last bits",
          .enabled(if: ck_has_avx512_cpu() != 0, "this CPU has no AVX-512"))
    func knownBadReciprocalDiffers() {
        let x = inputs(4096, seed: 31).map { 1 + abs($0) }
        var exact = [Float](repeating: 0, count: x.count), rcp14 = exact
        ck_recip_paths_for_test(x, &exact, &rcp14, x.count)
        #expect(differing(exact, rcp14) > 0, "rcp14 and rcpps refined once should round differently somewhere")
    }
}
