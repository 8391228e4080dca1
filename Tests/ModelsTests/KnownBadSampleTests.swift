import Foundation
import Testing
@testable import Models

/// The measures against sample sets whose failure is known in closed form (references.md, "Sample-quality measures").
@Suite struct KnownBadSampleTests {
    /// One reference for the suite: 2000 fresh points, seed 0 (its floors are drawn once).
    static let reference = QualityReference(dataset: .gaussians8, count: 2000, seed: 0)

    static func measure(_ make: (Int, inout RNG) -> [Float], seed: UInt64) -> SampleQuality {
        var rng = RNG(seed: seed, stream: 0xBAD)
        return reference.measure(make(2000, &rng))
    }

    static let fresh = measure({ Dataset.gaussians8.sample(count: $0, rng: &$1) }, seed: 1)
    static let ring = measure(KnownBadSets.ring, seed: 2)
    static let blur = measure(KnownBadSets.blur, seed: 3)
    static let half = measure(KnownBadSets.halfWidth, seed: 4)
    static let dropped = measure(KnownBadSets.droppedModes, seed: 5)

    @Test func freshDataReadsZeroWithinTheEstimatorsNoise() throws {
        let q = Self.fresh
        let kl = try #require(q.kl), floor = try #require(q.klFloor)
        #expect(kl > -0.05 && kl <= floor, "kl \(kl), floor \(floor)")
        #expect(floor < 0.1)
        // −log p has std ≈ 1 here, so the cross-entropy's standard error at n = 2000 is ≈ 0.022.
        #expect(abs(try #require(q.excessNLL)) < 0.07)
        #expect(abs(try #require(q.precision2sd) - (1 - exp(-2))) < 0.025)
        #expect(try #require(q.modeKL) < 0.01)
        #expect(abs(q.mmd) <= q.mmdFloor && q.swd <= q.swdFloor)
        #expect(q.knnPrecision > 0.9 && q.knnRecall > 0.9)
    }

    @Test func uniformRing() throws {
        let q = Self.ring
        #expect(abs(try #require(q.kl) - 0.7) < 0.1)
        #expect(abs(try #require(q.excessNLL) - 1.1) < 0.1)
        #expect(abs(try #require(q.precision2sd) - 0.54) < 0.03)
        #expect(q.mmd > 3 * q.mmdFloor)
    }

    @Test func blurIsClearlyAboveZero() throws {
        let q = Self.blur
        #expect(try #require(q.kl) > 0.8)
        #expect(try #require(q.excessNLL) > 1.5)
        #expect(try #require(q.precision2sd) < 0.5)
        #expect(q.mmd > 3 * q.mmdFloor)
    }

    @Test func halfWidthHasKLButNegativeExcessNLL() throws {
        let q = Self.half
        // Per component KL(N(0, s²/4) ‖ N(0, s²)) in 2D: 2·(log 2 + 1/8 − 1/2) = 0.636.
        let exact: Double = 2 * (log(2) + 0.125 - 0.5)
        let kl = try #require(q.kl)
        #expect(abs(kl - exact) < 0.08)
        // Cross-entropy log(2πs²) + 1/4 + log 8 against H ≈ log(2πes²) + log 8: excess ≈ −3/4 (a little less: overlap).
        #expect(abs(try #require(q.excessNLL) + 0.745) < 0.06)
        #expect(try #require(q.precision2sd) > 0.99)
        #expect(q.knnRecall < Self.fresh.knnRecall - 0.15)
    }

    @Test func droppedModes() throws {
        let q = Self.dropped
        #expect(abs(try #require(q.kl) - log(2)) < 0.08)
        #expect(abs(try #require(q.modeKL) - log(2)) < 0.02)
        #expect(abs(try #require(q.excessNLL)) < 0.07, "excess NLL cannot see dropped modes")
        #expect(q.knnRecall < Self.fresh.knnRecall - 0.3)
        #expect(q.mmd > 10 * q.mmdFloor && q.swd > q.swdFloor)
    }

    @Test func klRanksTrueDataLowestByAtLeastPointThree() throws {
        let truth = try #require(Self.fresh.kl)
        for (name, q) in [("ring", Self.ring), ("blur", Self.blur), ("half width", Self.half), ("dropped modes", Self.dropped)] {
            #expect(try #require(q.kl) >= truth + 0.3, "\(name)")
        }
    }

    @Test func collapseOntoTheCentresIsLargeAndFinite() throws {
        let centres = GaussianMixture.ring().centres
        let collapsed = (0..<2000).flatMap { i in [Float(centres[i % 8].x), Float(centres[i % 8].y)] }
        let kl = try #require(Self.reference.measure(collapsed).kl)
        #expect(kl.isFinite && kl > 10)
    }

    @Test func moonsFreshVersusBlurred() throws {
        let reference = QualityReference(dataset: .moons, count: 2000, seed: 0)
        var rng = RNG(seed: 6)
        let fresh = reference.measure(Dataset.moons.sample(count: 2000, rng: &rng))
        let blurred = reference.measure(KnownBadSets.moons(count: 2000, noise: 0.2, rng: &rng))
        let klFresh = try #require(fresh.kl), klBlur = try #require(blurred.kl)
        #expect(klFresh > -0.05 && klFresh < 0.1)
        #expect(abs(try #require(fresh.excessNLL)) < 0.07)
        // Across the curve the noise doubles: the 1D KL log(1/2) + 2 − 1/2 = 0.81 (less where the two arms overlap).
        #expect(klBlur > klFresh + 0.5 && klBlur < 0.9)
        #expect(fresh.precision2sd == nil && fresh.modeShares == nil)
        // The kernels (narrowest 0.18 here) barely resolve a 0.1 → 0.2 blur: MMD is only just over its floor.
        #expect(blurred.mmd > blurred.mmdFloor && blurred.knnPrecision < fresh.knnPrecision - 0.1)
    }

    @Test(arguments: [Dataset.spiral, .rings])
    func freshCurveDataReadsZero(_ dataset: Dataset) throws {
        let reference = QualityReference(dataset: dataset, count: 2000, seed: 0)
        var rng = RNG(seed: 7)
        let q = reference.measure(dataset.sample(count: 2000, rng: &rng))
        #expect(abs(try #require(q.kl)) < 0.1)
        #expect(abs(try #require(q.excessNLL)) < 0.07)
    }
}
