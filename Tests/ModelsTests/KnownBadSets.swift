import Foundation
@testable import Models

/// Sample sets with known failures against the 8-Gaussian mixture (radius 4, std 0.5), and against moons.
enum KnownBadSets {
    /// A uniform ring of radius 4 with isotropic noise of std 0.5: no modes at all.
    static func ring(count n: Int, rng: inout RNG) -> [Float] {
        (0..<n).flatMap { _ -> [Float] in
            let a = 2 * Double.pi * rng.uniform()
            return [Float(4 * cos(a) + 0.5 * rng.normal()), Float(4 * sin(a) + 0.5 * rng.normal())]
        }
    }

    /// Every component's std × 2.
    static func blur(count n: Int, rng: inout RNG) -> [Float] { GaussianMixture.ring(std: 1).sample(count: n, rng: &rng) }

    /// Every component's std / 2 (over-sharpened).
    static func halfWidth(count n: Int, rng: inout RNG) -> [Float] { GaussianMixture.ring(std: 0.25).sample(count: n, rng: &rng) }

    /// Every other mode dropped, the remaining four renormalised.
    static func droppedModes(count n: Int, rng: inout RNG) -> [Float] {
        let centres = GaussianMixture.ring().centres.enumerated().filter { $0.offset % 2 == 0 }.map(\.element)
        return GaussianMixture(centres: centres, std: 0.5).sample(count: n, rng: &rng)
    }

    /// Moons with noise std `noise` instead of 0.1 (0.2 is a blur).
    static func moons(count n: Int, noise: Double, rng: inout RNG) -> [Float] {
        (0..<n).flatMap { _ -> [Float] in
            let c = Dataset.moonsCurve(Double.pi * rng.uniform(), upper: rng.int(below: 2) == 0)
            return [Float(c.x + noise * rng.normal()), Float(c.y + noise * rng.normal())]
        }
    }
}
