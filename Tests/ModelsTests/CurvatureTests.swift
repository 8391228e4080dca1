import Foundation
import Testing
@testable import Models

@Suite struct CurvatureTests {
    /// C and S against scipy.special.fresnel at points on both sides of the series / continued-fraction switch.
    @Test func fresnelIntegralsMatchReferenceValues() {
        let reference: [(Double, Double, Double)] = [
            (0.5, 0.4923442258714464, 0.06473243285999929), (1, 0.779893400376823, 0.4382591473903547),
            (1.5, 0.44526117603982157, 0.697504960082093), (2, 0.48825340607534073, 0.34341567836369824),
            (2.82, 0.4872004290397323, 0.3882840500957625), (5, 0.5636311887040122, 0.49919138191711687),
            (10, 0.49989869420551575, 0.46816997858488224),
        ]
        for (z, c, s) in reference {
            let f = fresnel(z)
            #expect(abs(f.c - c) < 1e-13 && abs(f.s - s) < 1e-13, "z = \(z): \(f) vs (\(c), \(s))")
            let m = fresnel(-z)
            #expect(m.c == -f.c && m.s == -f.s)
        }
    }

    /// κ = s integrated by RK4 follows √π·(C, S)(s/√π) to 1e-9 over s ∈ [0, 5].
    @Test func theEulerSpiralMatchesItsFresnelClosedForm() {
        var c = CurveConfig()
        c.profile = .linear
        let frames = CurveOutput.frames(c)
        #expect(frames.last!.s == 5)
        #expect(frames.compactMap(\.error).max()! <= 1e-9, "largest error \(frames.compactMap(\.error).max()!)")
        // Its heading is exactly s²/2 and the measured curvature follows κ = s.
        #expect(abs(frames.last!.point.theta - 12.5) < 1e-9)
        // Central differences over h = 10·ds = 0.01 err by O(h²·κ³): within 1e-3·(1 + κ²) all along.
        for (f, n) in zip(frames, frames.dropFirst()) {
            guard let m = n.measuredKappa else { continue }
            #expect(abs(m - f.kappa) < 1e-3 * (1 + f.kappa * f.kappa), "s \(f.s): measured \(m) vs κ \(f.kappa)")
        }
    }

    /// A constant κ closes into a circle of radius 1/κ, back at the start after s = 2π/κ to 1e-9.
    @Test func aConstantCurvatureClosesItsCircle() {
        for kappa in [0.5, 1, 2.5, -1.5] {
            var c = CurveConfig()
            c.profile = .constant
            c.kappa0 = kappa
            c.length = 2 * Double.pi / abs(kappa)
            let frames = CurveOutput.frames(c)
            let end = frames.last!.point
            #expect((end.x * end.x + end.y * end.y).squareRoot() < 1e-9, "κ = \(kappa): end \(end)")
            let centre = SIMD2(0, 1 / kappa)
            let radii = frames.map { ((SIMD2($0.point.x, $0.point.y) - centre) * (SIMD2($0.point.x, $0.point.y) - centre)).sum().squareRoot() }
            #expect(radii.allSatisfy { abs($0 - 1 / abs(kappa)) < 1e-9 })
        }
        let summary = CurveOutput.summary({ var c = CurveConfig(); c.profile = .constant; return c }(), frames: [])
        #expect(summary == "{}\n")
    }

    @Test func stepsAreExactAndFramesStepBackExactly() {
        var c = CurveConfig()
        c.profile = .sine
        c.length = 1
        c.ds = 0.3
        c.stepsPerFrame = 1
        #expect(c.totalSteps == 3 && abs(c.step - 1.0 / 3) < 1e-15)
        var player = FramePlayer(CurveSimulation(config: c))
        let a = player.stepForward(), b = player.stepForward()
        player.stepBack()
        #expect(player.frame == a && player.stepForward() == b && a.closedForm == nil)
    }
}
