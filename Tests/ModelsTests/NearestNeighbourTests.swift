import Foundation
import Testing
@testable import Models

/// The k-d tree is exact (against brute force), and the estimators built on it read known answers.
@Suite struct NearestNeighbourTests {
    static func bruteKth(_ p: [Float], k: Int) -> [Double] {
        let n = p.count / 2
        return (0..<n).map { i in
            var d: [Double] = []
            for j in 0..<n where j != i {
                let dx = Double(p[2 * i]) - Double(p[2 * j]), dy = Double(p[2 * i + 1]) - Double(p[2 * j + 1])
                d.append((dx * dx + dy * dy).squareRoot())
            }
            return d.sorted()[k - 1]
        }
    }

    /// Random sets of several shapes: spread, clustered, with exact duplicates, and on a lattice (many ties).
    static func sets() -> [[Float]] {
        var rng = RNG(seed: 12)
        let spread = (0..<(2 * 700)).map { _ in Float(rng.normal() * 3) }
        let clustered = Dataset.gaussians8.sample(count: 600, rng: &rng)
        let duplicated = clustered.prefix(400) + clustered.prefix(200) + [Float](repeating: 1.5, count: 60)
        let lattice = (0..<500).flatMap { i in [Float(i % 20), Float(i / 20)] }
        return [spread, clustered, Array(duplicated), lattice]
    }

    @Test func kthNeighbourDistancesMatchBruteForce() {
        for (s, p) in Self.sets().enumerated() {
            let tree = KDTree(points: p)
            for k in [1, 3, 7] {
                #expect(tree.kthNeighbourDistances(k: k) == Self.bruteKth(p, k: k), "set \(s), k = \(k)")
            }
        }
    }

    @Test func ballMembershipMatchesBruteForce() {
        var rng = RNG(seed: 13)
        for p in Self.sets() {
            let radii = Self.bruteKth(p, k: 3)
            let tree = KDTree(points: p).withBalls(radii: radii)
            let queries = (0..<(2 * 400)).map { _ in Float(rng.normal() * 4) } + Array(p.prefix(40))
            for q in 0..<(queries.count / 2) {
                let x = SIMD2(Double(queries[2 * q]), Double(queries[2 * q + 1]))
                let brute = (0..<(p.count / 2)).contains { j in
                    let d = x - SIMD2(Double(p[2 * j]), Double(p[2 * j + 1]))
                    return (d * d).sum() <= radii[j] * radii[j]
                }
                #expect(tree.anyBallContains(x) == brute)
            }
        }
    }

    @Test func collapsedSetsStayFast() {
        // 100 000 points on 8 exact locations: every query finds k duplicates at distance 0 and stops.
        let centres = GaussianMixture.ring().centres
        let p = (0..<100_000).flatMap { i in [Float(centres[i % 8].x), Float(centres[i % 8].y)] }
        #expect(KDTree(points: p).kthNeighbourDistances(k: 3).allSatisfy { $0 == 0 })
    }

    @Test func digammaKnownValues() {
        let gamma = 0.577_215_664_901_532_9
        #expect(abs(digamma(1) + gamma) < 1e-12)
        #expect(abs(digamma(0.5) - (-gamma - 2 * log(2.0))) < 1e-12)
        #expect(abs(digamma(10) - 2.251752589066721) < 1e-12)
        // ψ(n) = H_{n−1} − γ for integers.
        let harmonic = (1..<2000).reduce(0.0) { $0 + 1 / Double($1) }
        #expect(abs(digamma(2000) - (harmonic - gamma)) < 1e-11)
    }

    @Test func kozachenkoLeonenkoReadsAGaussiansEntropy() {
        // H(N(0, s²I₂)) = log(2πe·s²); the estimator is consistent, so at n = 20 000 it is within a few hundredths.
        var rng = RNG(seed: 14)
        let s = 1.7
        let p = (0..<40_000).map { _ in Float(s * rng.normal()) }
        let radii = KDTree(points: p).kthNeighbourDistances(k: 3)
        let h = kozachenkoLeonenkoEntropy(radii: radii, k: 3, minRadius: 1e-9)
        #expect(abs(h - log(2 * Double.pi * M_E * s * s)) < 0.03, "\(h)")
    }

    @Test func radixSortMatchesTheStandardSort() {
        var rng = RNG(seed: 15)
        var values = (0..<3001).map { _ in Float(rng.normal() * 100) } + [0, -0.0, 5, 5, -5, .greatestFiniteMagnitude, -.leastNonzeroMagnitude]
        let expected = values.sorted()
        var scratch: [Float] = []
        radixSort(&values, scratch: &scratch)
        #expect(values == expected)
    }

    @Test func wassersteinOfUnequalSizesFollowsTheQuantileFunctions() {
        // Q_a = 0 on [0, ½), 1 on [½, 1); Q_b = 0, ½, 1 on thirds: |Q_a − Q_b| = ½ on [⅓, ⅔), so W1 = 1/6.
        #expect(abs(wasserstein1([0, 1], [0, 0.5, 1]) - 1.0 / 6) < 1e-12)
        #expect(abs(wasserstein1([2], [0, 1]) - 1.5) < 1e-12)
        var rng = RNG(seed: 16)
        let a = Dataset.moons.sample(count: 900, rng: &rng)
        #expect(slicedWasserstein1(a, a + a) < 1e-9, "a set and its doubled copy are the same distribution")
    }
}
