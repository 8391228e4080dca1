import Foundation
import Testing
@testable import Models

/// A small featured flow net and a few points spread over data and noise scales.
private func featuredNet(count: Int = 16, seed: UInt64 = 3) -> FlowNet {
    var r = RNG(seed: seed)
    return FlowNet(hidden: [24, 24], activation: .silu, time: .raw,
                   features: InputFeatures(count: count, scale: 4, sigmaData: 2.87, seed: seed), rng: &r)
}

/// The larger magnitude of a 2-vector's two entries.
private func largest(_ v: SIMD2<Float>) -> Float { max(abs(v.x), abs(v.y)) }

private let points: [SIMD2<Float>] = [SIMD2(0.3, -1.1), SIMD2(4.0, 0.2), SIMD2(-2.5, 2.9), SIMD2(0.01, 0.02), SIMD2(-0.7, -3.6)]

@Suite struct InputFeatureTests {
    /// The features are sin and cos of Bᵀ·c_in(t)·x, to float accuracy, at arguments up to tens of radians.
    @Test func featuresAreSinesAndCosinesOfTheScaledPosition() {
        let f = InputFeatures(count: 64, scale: 4, sigmaData: 2.87, seed: 1)
        var row = [Float](repeating: 0, count: f.width)
        var largest: Double = 0, worst: Double = 0
        for p in points {
            for t: Float in [0, 0.3, 0.9, 1] {
                row.withUnsafeMutableBufferPointer { f.encode(x: p.x, y: p.y, t: t, into: $0.baseAddress!) }
                let c = 1 / (pow(Double(1 - t) * 2.87, 2) + Double(t * t)).squareRoot()
                for j in 0..<f.count {
                    let a = c * (Double(f.bx[j]) * Double(p.x) + Double(f.by[j]) * Double(p.y))
                    largest = max(largest, abs(a))
                    worst = max(worst, abs(Double(row[j]) - sin(a)), abs(Double(row[f.count + j]) - cos(a)))
                }
            }
        }
        #expect(largest > 20, "the test reaches large arguments (\(largest) rad)")
        #expect(worst < 5e-6, "largest error \(worst)")
    }

    /// c_in(t) gives x_t = (1−t)·x0 + t·z unit variance when x0 has RMS σ_d: 1/σ_d at t = 0, 1 at t = 1.
    @Test func inputScaleIsEDMsCInInFlowTime() {
        let f = InputFeatures(count: 4, scale: 4, sigmaData: 2, seed: 0)
        #expect(abs(f.inputScale(0) - 0.5) < 1e-7)
        #expect(abs(f.inputScale(1) - 1) < 1e-7)
        #expect(abs(f.inputScale(0.5) - 1 / (1.25 as Float).squareRoot()) < 1e-6)
    }

    /// B comes from its own stream: the frequencies follow the seed and the scale, and are not the nets' draws.
    @Test func frequenciesFollowSeedAndScale() {
        let a = InputFeatures(count: 2000, scale: 4, sigmaData: 1, seed: 7)
        let b = InputFeatures(count: 2000, scale: 4, sigmaData: 1, seed: 8)
        #expect(a.bx != b.bx)
        let all = a.bx + a.by
        let rms = (all.map { Double($0 * $0) }.reduce(0, +) / Double(all.count)).squareRoot()
        #expect(abs(rms - 4) < 0.15, "std of B ≈ scale, got \(rms)")
    }

    /// ∂(wᵀ·v)/∂(x, y) through the raw position and the features, against central differences.
    @Test func positionGradientMatchesFiniteDifferences() {
        let net = featuredNet()
        let n = points.count, t: Float = 0.4
        let ws = MLPWorkspace(shape: net.mlp.shape, batch: n)
        let w = SIMD2<Float>(0.7, -1.3)
        func value(_ p: SIMD2<Float>) -> Float {
            var v = [Float](repeating: 0, count: 2)
            net.velocity([p.x, p.y], t: t, into: &v)
            return w.x * v[0] + w.y * v[1]
        }
        for (i, p) in points.enumerated() { net.fillInput(&ws.input, row: i, x: p.x, y: p.y, t: t) }
        net.mlp.forward(ws)
        for i in 0..<n {
            ws.outputGrad[i, 0] = w.x
            ws.outputGrad[i, 1] = w.y
        }
        net.mlp.backward(ws, inputGrad: true, parameterGrads: false)
        let h: Float = 1e-3
        for (i, p) in points.enumerated() {
            let g = net.positionGradient(ws, row: i, t: t)
            let fd = SIMD2((value(p + SIMD2(h, 0)) - value(p - SIMD2(h, 0))) / (2 * h),
                           (value(p + SIMD2(0, h)) - value(p - SIMD2(0, h))) / (2 * h))
            let direct = SIMD2(ws.inputGrad[i, 0], ws.inputGrad[i, 1])
            let size = largest(fd)
            #expect(largest(g - fd) < 0.02 * size + 2e-3, "point \(p): analytic \(g) vs fd \(fd)")
            #expect(largest(direct - fd) > 0.05 * size, "the features carry part of the gradient at \(p)")
        }
    }

    /// The likelihood's divergence ∂v_x/∂x + ∂v_y/∂y runs through the features too.
    @Test func divergenceMatchesFiniteDifferences() {
        let net = featuredNet(seed: 4)
        let flat = points.flatMap { [$0.x, $0.y] }, t: Float = 0.6
        var v = [Float](repeating: 0, count: flat.count)
        var div: [Double] = []
        net.velocityAndDivergence(flat, t: t, velocity: &v, divergence: &div)
        let h: Float = 1e-3
        for (i, p) in points.enumerated() {
            var up = [Float](repeating: 0, count: 2), down = up, fd: Float = 0
            for axis in 0..<2 {
                var e = SIMD2<Float>(0, 0)
                e[axis] = h
                net.velocity([(p + e).x, (p + e).y], t: t, into: &up)
                net.velocity([(p - e).x, (p - e).y], t: t, into: &down)
                fd += (up[axis] - down[axis]) / (2 * h)
            }
            #expect(abs(Float(div[i]) - fd) < 0.02 * abs(fd) + 3e-3, "point \(p): divergence \(div[i]) vs fd \(fd)")
        }
    }

    /// A clone (G and the fake score start as copies of the teacher) keeps the same features and outputs.
    @Test func cloneKeepsTheFeatures() {
        let net = featuredNet()
        let copy = net.clone()
        #expect(copy.features == net.features && copy.mlp.shape == net.mlp.shape)
        var a = [Float](repeating: 0, count: 10), b = a
        let flat = points.flatMap { [$0.x, $0.y] }
        net.velocity(flat, t: 0.3, into: &a)
        copy.velocity(flat, t: 0.3, into: &b)
        #expect(a == b)
    }

    /// The keys reach the nets of every method built on `FlowNet`, and 0 leaves the net as it was.
    @Test func presetKeysBuildFeaturedNets() throws {
        let lib = PresetLibrary(directory: shippedPresetsDir)
        for name in ["sid", "reflow2", "distill", "reflow-mixture"] {
            var p = try lib.load(name)
            try p.set("input_features=8")
            let s = CoreSettings(preset: p)
            #expect(InputFeatures(s)?.count == 8, "\(name)")
            try p.set("input_features=0")
            #expect(InputFeatures(CoreSettings(preset: p)) == nil)
        }
        var shortcut = try lib.load("shortcut")
        #expect(throws: (any Error).self, "shortcut's net is not a FlowNet: it does not take the key") { try shortcut.set("input_features=8") }
    }
}
