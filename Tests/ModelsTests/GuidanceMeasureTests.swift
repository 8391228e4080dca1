import Foundation
import Testing
@testable import Models

/// The labelled mixture, the guidance measures and their known-bad cases.
@Suite struct GuidanceMeasureTests {
    @Test func overlappingClassesAreMirrorImages() {
        let m = GaussianMixture.overlappingClasses()
        #expect(m.classCount == 2 && m.std == 0.45 && m.weights.allSatisfy { abs($0 - 1.0 / 6) < 1e-15 })
        let left = m.restricted(toClass: 0), right = m.restricted(toClass: 1)
        #expect(left.centres == [SIMD2(-1.5, 0.8), SIMD2(-0.3, -0.6), SIMD2(-1.0, -1.5)])
        #expect(right.centres == left.centres.map { SIMD2(-$0.x, $0.y) })
        // p(0 | x) + p(1 | x) = 1, and on the mirror line x = 0 both classes are equally likely.
        let x = SIMD2(0.4, -0.2)
        #expect(abs(m.classPosterior(0, at: x) + m.classPosterior(1, at: x) - 1) < 1e-12)
        #expect(abs(m.classPosterior(0, at: SIMD2(0, 0.3)) - 0.5) < 1e-12)
    }

    /// Labelled draws are the same draws as `sample` (same points for every dataset), and `overlap`'s labels match
    /// the component each point came from.
    @Test func labelledDrawsAreTheUnlabelledDraws() {
        for d in Dataset.allCases {
            var a = RNG(seed: 8), b = RNG(seed: 8)
            for _ in 0..<500 { #expect(d.sample(&a) == d.sampleLabelled(&b).point, "\(d)") }
        }
        var r = RNG(seed: 1)
        let m = GaussianMixture.overlappingClasses()
        var agree = 0
        for _ in 0..<2000 {
            let (p, c) = Dataset.overlap.sampleLabelled(&r)
            if (m.classPosterior(c, at: SIMD2(Double(p.x), Double(p.y))) > 0.5) { agree += 1 }
        }
        #expect(agree > 1600 && agree < 1900, "classes overlap: most but not all points are likelier under their own class (\(agree)/2000)")
    }

    /// Fresh data of a class reads its own posterior and spread; the other class, a collapse and a blur read badly.
    @Test func guidanceMeasuresSeeKnownBadSamples() {
        let m = GaussianMixture.overlappingClasses()
        let ref = ClassReference(mixture: m, label: 0, count: 1000, seed: 3)
        let fresh = ref.measure(ref.freshData(count: 1000, seed: 4))
        var r = RNG(seed: 5)
        let wrong = ref.measure(m.restricted(toClass: 1).sample(count: 1000, rng: &r))
        #expect(fresh.classPosterior > 0.8 && wrong.classPosterior < 0.2)
        #expect(abs(fresh.classPosterior + wrong.classPosterior - 1) < 0.05, "mirror images: the posteriors add to about 1")
        #expect(wrong.knnPrecision < 0.5 && wrong.mmd > 10 * abs(fresh.mmd))
        var tight = [Float](repeating: 0, count: 2000)
        for i in 0..<1000 {
            tight[2 * i] = Float(-1.5 + 0.001 * Double(i % 7))
            tight[2 * i + 1] = Float(0.8 + 0.001 * Double(i % 5))
        }
        let collapsed = ref.measure(tight)
        #expect(collapsed.diversity < 1e-4 && collapsed.knnRecall < 0.2 && collapsed.classPosterior > fresh.classPosterior)
        var blurred = ref.freshData(count: 1000, seed: 6)
        for j in blurred.indices { blurred[j] += Float(0.6 * r.normal()) }
        let blur = ref.measure(blurred)
        #expect(blur.diversity > 1.3 * fresh.diversity && blur.classPosterior < fresh.classPosterior && blur.knnPrecision < fresh.knnPrecision)
    }

    @Test func spreadIsTheSquareRootOfTheCovarianceDeterminant() {
        // Points (±a, 0) and (0, ±b) in equal numbers: Cov = diag(a²/2, b²/2), √det = ab/2.
        let p: [Float] = [2, 0, -2, 0, 0, 3, 0, -3]
        #expect(abs(spread(p) - 3) < 1e-12)
    }
}
