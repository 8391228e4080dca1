import Foundation
import Testing
@testable import Models

/// Every built-in density is normalised, agrees with an independent computation, and matches its sampler.
@Suite struct DensityTests {
    /// Midpoint sums of p and −p·log p over [−7, 7]²; the step 0.05 is ≤ σ/2 for every dataset, where the aliasing
    /// error of a Gaussian-smoothed density is ~exp(−2π²σ²/h²) < 10⁻³⁰.
    static func gridIntegrals(_ density: DataDensity, step h: Double = 0.05) -> (mass: Double, entropy: Double) {
        var mass = 0.0, entropy = 0.0
        var x = -7 + h / 2
        while x < 7 {
            var y = -7 + h / 2
            while y < 7 {
                let lp = density.logDensity(SIMD2(x, y))
                let p = exp(lp)
                mass += p
                if p > 0 { entropy -= p * lp }
                y += h
            }
            x += h
        }
        return (mass * h * h, entropy * h * h)
    }

    @Test(arguments: [Dataset.gaussians8, .moons, .spiral, .rings])
    func integratesToOneAndItsEntropyMatchesMonteCarlo(_ dataset: Dataset) throws {
        let density = try #require(dataset.density)
        let grid = Self.gridIntegrals(density)
        #expect(abs(grid.mass - 1) < 1e-3, "∫p = \(grid.mass)")
        let h = try #require(dataset.entropy)
        #expect(h.count >= 100_000 && h.standardError < 0.005)
        #expect(abs(h.nats - grid.entropy) < 4 * h.standardError + 1e-3, "MC \(h.nats) ± \(h.standardError) vs grid \(grid.entropy)")
    }

    @Test func checkerboardHasNoDensity() {
        #expect(Dataset.checkerboard.density == nil)
        #expect(Dataset.checkerboard.entropy == nil)
    }

    @Test func eightGaussiansEntropyIsJustUnderTheSeparatedValue() throws {
        // Barely overlapping components: H ≈ log(2πe·0.25) + log 8 = 3.531; the overlap lowers it slightly.
        let h = try #require(Dataset.gaussians8.entropy)
        #expect(h.nats > 3.515 && h.nats < 3.531, "\(h.nats)")
    }

    @Test func mixtureDensityIsTheWeightedSumOfGaussians() {
        let m = GaussianMixture(centres: [SIMD2(0, 0), SIMD2(1, 0.5), SIMD2(-2, 1)], std: 0.7, weights: [1, 2, 5])
        #expect(m.weights == [0.125, 0.25, 0.625])
        for x in [SIMD2(0.0, 0.0), SIMD2(0.3, -1.2), SIMD2(-2.0, 1.0), SIMD2(4.0, 4.0)] {
            let direct = zip(m.centres, m.weights).reduce(0.0) { acc, cw in
                let d = x - cw.0
                return acc + cw.1 * exp(-(d * d).sum() / (2 * 0.49)) / (2 * Double.pi * 0.49)
            }
            #expect(abs(m.logDensity(x) - log(direct)) < 1e-12)
        }
        // Far away the naive sum underflows to 0; log-sum-exp stays finite and follows the nearest component.
        let far = m.logDensity(SIMD2(100, 0))
        #expect(far.isFinite && abs(far - (log(0.25) - (99 * 99 + 0.25) / 0.98 - log(2 * Double.pi * 0.49))) < 1e-9)
    }

    @Test func scaledBesselI0MatchesReferenceValues() {
        // log(i0e(z)) from scipy.special, across the switch from series to asymptotic at z = 25.
        let known: [(Double, Double)] = [(0, 0), (1e-3, -0.000999750000015594), (1, -0.7640856414928213),
                                         (10, -2.0570279168813044), (24.999, -2.523251786045711), (25, -2.5232719950007563),
                                         (25.001, -2.523292203138752), (100, -3.2202673100574164),
                                         (1000, -4.3726911101305355), (5000, -5.177510126412271)]
        for (z, v) in known { #expect(abs(logScaledBesselI0(z) - v) < 1e-12, "z = \(z)") }
    }

    @Test func ringsDensityMatchesTheAngleIntegral() throws {
        let density = try #require(Dataset.rings.density)
        let s2 = 0.01
        for x in [SIMD2(0.0, 0.0), SIMD2(1.0, 0.05), SIMD2(1.7, -0.3), SIMD2(0.0, 2.5), SIMD2(3.0, 2.6), SIMD2(6.0, 1.0)] {
            // The trapezoid rule on a periodic integrand is spectrally accurate: 20 000 angles are plenty.
            let m = 20_000
            var p = 0.0
            for r in Dataset.ringRadii {
                for i in 0..<m {
                    let th = 2 * Double.pi * Double(i) / Double(m)
                    let d = x - SIMD2(r * cos(th), r * sin(th))
                    p += exp(-(d * d).sum() / (2 * s2)) / Double(m)
                }
            }
            p /= 3 * 2 * Double.pi * s2
            #expect(abs(density.logDensity(x) - log(p)) < 1e-9, "at \(x)")
        }
    }

    @Test func curveQuadratureHasConverged() {
        // Halving the panels changes log p by < 10⁻⁸ where the data is, and by < 0.01 even 26σ away (log p ≈ −318).
        for (d, arms) in [(Dataset.moons, Self.moonsArms), (.spiral, Self.spiralArms)] {
            let std = d == .moons ? Dataset.moonsNoise : Dataset.spiralNoise
            let fine = CurveDensity(arms: arms, std: std, panelLength: std / 4)
            let standard = DataDensity.curve(CurveDensity(arms: arms, std: std))
            #expect(abs(fine.totalWeight - 1) < 1e-12)
            var rng = RNG(seed: 3)
            let points = d.sample(count: 300, rng: &rng) + [0, 0, 0.05, 0.02]
            for i in 0..<(points.count / 2) {
                let x = SIMD2(Double(points[2 * i]), Double(points[2 * i + 1]))
                #expect(abs(fine.logDensity(x) - standard.logDensity(x)) < 1e-8, "\(d) at \(x)")
            }
            for x in [SIMD2(3.0, 3.0), SIMD2(-6.0, 5.0)] {
                #expect(abs(fine.logDensity(x) - standard.logDensity(x)) < 0.01, "\(d) far away at \(x)")
            }
        }
    }

    static let moonsArms = [true, false].map { upper in
        CurveDensity.Arm(lower: 0, upper: Double.pi, point: { Dataset.moonsCurve($0, upper: upper) }, density: { _ in 1 / (2 * Double.pi) })
    }
    static let spiralArms = [1.0, -1.0].map { arm in
        CurveDensity.Arm(lower: 0, upper: 1, point: { Dataset.spiralCurve($0, arm: arm) }, density: { $0 })
    }

    /// Counts of a million draws of the real sampler in small boxes match N·∫_box p within 4.5 Poisson std: this
    /// checks the curve's parameter density (e.g. the spiral's s = √u) and arm weights against `Dataset.sample`.
    @Test(arguments: [Dataset.moons, .spiral, .rings, .gaussians8])
    func densityMatchesTheSamplerInBoxes(_ dataset: Dataset) throws {
        let density = try #require(dataset.density)
        let n = 1_000_000
        var rng = RNG(seed: 21)
        let pts = dataset.sample(count: n, rng: &rng)
        let side = 0.3
        let centres: [SIMD2<Double>] = switch dataset {
        case .moons: [0.2, 1.5, 2.8].flatMap { th in [Dataset.moonsCurve(th, upper: true), Dataset.moonsCurve(th, upper: false)] }
        case .spiral: [0.15, 0.4, 0.7, 0.95].flatMap { s in [Dataset.spiralCurve(s, arm: 1), Dataset.spiralCurve(s, arm: -1)] }
        case .rings: [SIMD2(1, 0), SIMD2(0, -2.5), SIMD2(-2.83, 2.83)]
        default: GaussianMixture.ring().centres.prefix(3) + [SIMD2(0.6, 4.3)]
        }
        for c in centres {
            var count = 0
            for i in 0..<n where abs(Double(pts[2 * i]) - c.x) < side / 2 && abs(Double(pts[2 * i + 1]) - c.y) < side / 2 {
                count += 1
            }
            let m = 12
            var mass = 0.0
            for a in 0..<m {
                for b in 0..<m {
                    let x = c + side * SIMD2((Double(a) + 0.5) / Double(m) - 0.5, (Double(b) + 0.5) / Double(m) - 0.5)
                    mass += exp(density.logDensity(x))
                }
            }
            let expected = Double(n) * mass * side * side / Double(m * m)
            #expect(expected > 500, "box at \(c) holds too little mass to test")
            #expect(abs(Double(count) - expected) < 4.5 * expected.squareRoot() + 0.002 * expected, "\(dataset) at \(c): \(count) vs \(expected)")
        }
    }

    @Test func exactVelocityUsesTheWeights() {
        // With all weight on one component the posterior is that component: the single-Gaussian velocity.
        let c = SIMD2(2.0, -1.0)
        let m = GaussianMixture(centres: [c, SIMD2(-3, 0)], std: 0.5, weights: [1, 0])
        let x = SIMD2(0.4, 0.9), t = 0.3
        let a = 1 - t, s2 = 0.25, v = a * a * s2 + t * t
        let single = (t - a * s2) * (x - a * c) / v - c
        let got = exactVelocity(m, x: x, t: t)
        #expect(abs(got.x - single.x) < 1e-12 && abs(got.y - single.y) < 1e-12)
    }
}
