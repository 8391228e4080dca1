import Foundation
import Testing
@testable import Models

/// The rotation trick's map: a proper rotation taking û to q̂, rescaled by ‖q‖/‖e‖, with the gradient λRᵀg.
@Suite struct RotationTrickTests {
    /// R = I − 2wwᵀ + 2q̂ûᵀ as a dense matrix, from the trick's own pieces.
    private func matrix(_ u: [Float], _ q: [Float], _ w: [Float]) -> [[Double]] {
        let d = u.count
        var m = [[Double]](repeating: [Double](repeating: 0, count: d), count: d)
        for i in 0..<d {
            for j in 0..<d {
                let identity: Double = i == j ? 1 : 0
                m[i][j] = identity - 2 * Double(w[i] * w[j]) + 2 * Double(q[i] * u[j])
            }
        }
        return m
    }

    @Test(arguments: [2, 3, 8])
    func mapsTheEncodingOntoTheCodeAndIsAProperRotation(_ d: Int) {
        var rng = RNG(seed: UInt64(d))
        for _ in 0..<20 {
            let e = (0..<d).map { _ in rng.normalFloat() }, q = (0..<d).map { _ in 3 * rng.normalFloat() }
            let r = RotationTrick.rotate(e, onto: q)
            let normE = e.map { Double($0 * $0) }.reduce(0, +).squareRoot(), normQ = q.map { Double($0 * $0) }.reduce(0, +).squareRoot()
            // The forward value is the code itself (up to the ε guards): the decoder sees q.
            for k in 0..<d { #expect(abs(Double(r.value[k] - q[k])) < 1e-4 * normQ) }
            #expect(abs(Double(r.lambda) - normQ / normE) < 1e-4 * normQ / normE)
            let rot = matrix(r.u, r.qHat, r.w)
            // R û = q̂ and RᵀR = I: norms are preserved, so ‖q̃‖ = λ‖e‖ = ‖q‖.
            for i in 0..<d {
                let ru = (0..<d).reduce(0.0) { $0 + rot[i][$1] * Double(r.u[$1]) }
                #expect(abs(ru - Double(r.qHat[i])) < 2e-5)
                for j in 0..<d {
                    let dot = (0..<d).reduce(0.0) { $0 + rot[$1][i] * rot[$1][j] }
                    #expect(abs(dot - (i == j ? 1 : 0)) < 2e-5)
                }
            }
            #expect(abs(determinant(rot) - 1) < 1e-4, "a rotation, not a reflection")
        }
    }

    @Test func gradientIsLambdaTimesTheTransposedRotation() {
        var rng = RNG(seed: 4)
        let d = 5
        let e = (0..<d).map { _ in rng.normalFloat() }, q = (0..<d).map { _ in rng.normalFloat() }, g = (0..<d).map { _ in rng.normalFloat() }
        let r = RotationTrick.rotate(e, onto: q)
        var out = [Float](repeating: 0, count: d)
        RotationTrick.gradient(g, u: r.u, qHat: r.qHat, w: r.w, lambda: r.lambda, dimension: d, into: &out)
        let rot = matrix(r.u, r.qHat, r.w)
        for j in 0..<d {
            let expected = Double(r.lambda) * (0..<d).reduce(0.0) { $0 + rot[$1][j] * Double(g[$1]) }
            #expect(abs(Double(out[j]) - expected) < 1e-5)
        }
        // STE would pass g unchanged; the rotation turns it: not parallel to g.
        let a = out.map(Double.init), b = g.map(Double.init)
        let cosine = dot(a, b) / (dot(a, a) * dot(b, b)).squareRoot()
        #expect(cosine < 0.999)
    }

    /// q̂ = −û (or nearly): the plane is undefined, and the guarded map still sends e onto q.
    @Test(arguments: [Float(0), 1e-6, 1e-4, 1e-2])
    func oppositeCodeIsHandled(_ tilt: Float) {
        let r = RotationTrick.rotate([1, 0], onto: [-2, tilt])
        #expect(abs(r.value[0] + 2) < 1e-4 && abs(r.value[1] - tilt) < 1e-4, "\(r.value)")
    }

    /// Gaussian elimination with partial pivoting.
    private func determinant(_ m: [[Double]]) -> Double {
        var a = m
        let n = a.count
        var det = 1.0
        for c in 0..<n {
            let p = (c..<n).max { abs(a[$0][c]) < abs(a[$1][c]) }!
            if p != c { a.swapAt(p, c); det = -det }
            det *= a[c][c]
            for r in (c + 1)..<n where a[c][c] != 0 {
                let f = a[r][c] / a[c][c]
                for k in c..<n { a[r][k] -= f * a[c][k] }
            }
        }
        return det
    }
}

private func dot(_ a: [Double], _ b: [Double]) -> Double { zip(a, b).reduce(0) { $0 + $1.0 * $1.1 } }

private func squaredDistance(_ a: [Double], _ b: [Double]) -> Double { zip(a, b).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) } }

/// An independent Double forward pass of an MLP (SiLU) from a flat list of its parameters' values.
private func referenceMLP(_ mlp: MLP, _ values: ArraySlice<[Double]>, _ x: [Double]) -> [Double] {
    var h = x
    let v = Array(values)
    for (i, layer) in mlp.layers.enumerated() {
        let w = v[2 * i], b = v[2 * i + 1], inputs = layer.inFeatures
        h = (0..<layer.outFeatures).map { o in
            let s = b[o] + (0..<inputs).reduce(0) { $0 + w[o * inputs + $1] * h[$1] }
            return i == mlp.layers.count - 1 ? s : s / (1 + exp(-s))
        }
    }
    return h
}

/// The VQ autoencoder's three gradient paths against finite differences of their surrogate losses, and its measures.
@Suite struct VQAutoencoderTests {
    private static let points: [Float] = [0.5, -3.9, 3.1, 2.2, -2.8, 2.9, -4.1, -0.3, 0.2, 4.0]

    private func model(_ path: GradientPath, dim: Int = 3) -> VQAutoencoder {
        var c = VQConfig()
        c.codes = 6
        c.latentDim = dim
        var rng = RNG(seed: 13)
        return VQAutoencoder(path: path, config: c, hidden: [5], activation: .silu, rng: &rng)
    }

    /// Each path's loss with every stop-gradient frozen at the current weights: STE and SimVQ feed the decoder
    /// z + sg(q − z), the rotation trick sg(λR)·z; the codebook term sees sg z, the commitment sg q. Assignments are fixed.
    private func surrogate(_ m: VQAutoencoder, _ values: [[Double]]) -> Double {
        let d = m.dimension, n = Self.points.count / 2
        let nEnc = m.encoder.parameters.count, nDec = m.decoder.parameters.count
        let current = m.parameters.map { $0.value.data.map(Double.init) }
        func codes(_ v: [[Double]]) -> [[Double]] {
            let basis = m.codebook.basis.value.data.map(Double.init)
            return (0..<m.codebook.count).map { k -> [Double] in
                guard m.path == .simvq else { return Array(v[nEnc + nDec][(k * d)..<((k + 1) * d)]) }
                let w = v[nEnc + nDec], b = v[nEnc + nDec + 1]
                let c = Array(basis[(k * d)..<((k + 1) * d)])
                return (0..<d).map { i in b[i] + dot(Array(w[(i * d)..<((i + 1) * d)]), c) }
            }
        }
        let q0 = codes(current), q = codes(values)
        var total = 0.0
        for r in 0..<n {
            let x = [Double(Self.points[2 * r]), Double(Self.points[2 * r + 1])]
            let z0 = referenceMLP(m.encoder, current[0..<nEnc], x), z = referenceMLP(m.encoder, values[0..<nEnc], x)
            let k = (0..<q0.count).min { squaredDistance(z0, q0[$0]) < squaredDistance(z0, q0[$1]) }!
            let input: [Double]
            if m.path == .rotation {
                let r0 = RotationTrick.rotate(z0.map(Float.init), onto: q0[k].map(Float.init))
                let (u, qh, w, lambda) = (r0.u.map(Double.init), r0.qHat.map(Double.init), r0.w.map(Double.init), Double(r0.lambda))
                let zw = dot(z, w), zu = dot(z, u)
                input = (0..<d).map { lambda * (z[$0] - 2 * zw * w[$0] + 2 * zu * qh[$0]) }
            } else {
                input = (0..<d).map { z[$0] + q0[k][$0] - z0[$0] }
            }
            let out = referenceMLP(m.decoder, values[nEnc..<(nEnc + nDec)], input)
            total += ((out[0] - x[0]) * (out[0] - x[0]) + (out[1] - x[1]) * (out[1] - x[1])) / Double(2 * n)
            for i in 0..<d {
                total += (q[k][i] - z0[i]) * (q[k][i] - z0[i]) / Double(n * d)
                total += Double(m.beta) * (z[i] - q0[k][i]) * (z[i] - q0[k][i]) / Double(n * d)
            }
        }
        return total
    }

    @Test(arguments: GradientPath.allCases)
    func gradientsMatchFiniteDifferencesOfTheSurrogate(_ path: GradientPath) {
        let m = model(path)
        let loss = m.lossAndGradient(Self.points)
        let values = m.parameters.map { $0.value.data.map(Double.init) }
        #expect(abs(Double(loss.total) - surrogate(m, values)) < 1e-4 * max(1, Double(loss.total)))
        var worst = 0.0
        let h = 1e-4
        for (pi, p) in m.parameters.enumerated() {
            for i in 0..<p.count {
                var plus = values, minus = values
                plus[pi][i] += h
                minus[pi][i] -= h
                let numeric = (surrogate(m, plus) - surrogate(m, minus)) / (2 * h)
                let analytic = Double(p.grad.data[i])
                worst = max(worst, abs(numeric - analytic) / max(1e-3, abs(numeric) + abs(analytic)))
            }
        }
        #expect(worst < 3e-3, "\(path): worst relative gradient error \(worst)")
    }

    /// SimVQ trains only the map W, b: its frozen basis C is in no parameter group and never changes, yet every code moves.
    @Test func simVQsBasisStaysFrozenWhileEveryCodeMoves() {
        let m = model(.simvq, dim: 2)
        let basis = m.codebook.basis.value, codes = m.codebook.codes
        #expect(!m.parameters.contains { $0 === m.codebook.basis })
        let bank = OptimizerBank(parameters: m.parameters, config: OptimizerConfig())
        for _ in 0..<20 {
            _ = m.lossAndGradient(Self.points)
            bank.step()
            m.codebook.refresh()
        }
        #expect(m.codebook.basis.value == basis)
        for k in 0..<m.codebook.count { #expect(m.codebook.codes[k, 0] != codes[k, 0] || m.codebook.codes[k, 1] != codes[k, 1]) }
    }

    @Test func nearestCodeAgreesWithBruteForce() {
        let m = model(.ste, dim: 3)
        var rng = RNG(seed: 2)
        var z = Matrix(rows: 40, cols: 3)
        rng.fillNormal(&z)
        var dist = Matrix(rows: 40, cols: m.codebook.count)
        var idx = [Int32](repeating: 0, count: 40)
        m.codebook.nearest(z, distances: &dist, into: &idx)
        for r in 0..<40 {
            let d2 = (0..<m.codebook.count).map { k in (0..<3).reduce(Float(0)) { $0 + (z[r, $1] - m.codebook.codes[k, $1]) * (z[r, $1] - m.codebook.codes[k, $1]) } }
            #expect(Int(idx[r]) == d2.indices.min { d2[$0] < d2[$1] })
        }
    }

    @Test func initialisationsHaveTheirScales() {
        var rng = RNG(seed: 1)
        let normal = Codebook(count: 4096, dimension: 4, initialisation: .normal, learnedMap: false, rng: &rng)
        let variance = normal.codes.data.reduce(0) { $0 + Double($1 * $1) } / Double(normal.codes.count)
        #expect(abs(variance - 0.25) < 0.02, "N(0, 1/d)")
        let tiny = Codebook(count: 256, dimension: 2, initialisation: .uniform, learnedMap: false, rng: &rng)
        #expect(tiny.codes.data.allSatisfy { abs($0) <= 1 / 256 })
        // SimVQ keeps C ~ N(0, 1/d) and puts the tiny init on W, b: its codebook is the same tiny cluster.
        let sim = Codebook(count: 256, dimension: 2, initialisation: .uniform, learnedMap: true, rng: &rng)
        #expect(sim.codes.data.allSatisfy { abs($0) < 0.05 } && sim.basis.value.data.contains { abs($0) > 0.5 })
    }
}

/// Utilisation and perplexity must tell uniform use from collapse; MSE is the plain mean squared error.
@Suite struct CodebookUsageTests {
    @Test func uniformUseCollapseAndKnownError() {
        let points: [Float] = [0, 0, 1, 1, 2, 2, 3, 3]
        let uniform = CodebookUsage(codes: [0, 1, 2, 3], count: 4, points: points, reconstruction: points)
        #expect(uniform.utilisation == 1 && abs(uniform.perplexity - 4) < 1e-12 && uniform.mse == 0)
        let collapsed = CodebookUsage(codes: [2, 2, 2, 2], count: 4, points: points, reconstruction: [Float](repeating: 1.5, count: 8))
        #expect(collapsed.utilisation == 0.25 && abs(collapsed.perplexity - 1) < 1e-12)
        // Errors per point (1.5², 0.5², 0.5², 1.5²) averaged over both coordinates.
        #expect(abs(collapsed.mse - 1.25) < 1e-12)
        // Used once counts as used: utilisation cannot tell a long tail from even use; perplexity can.
        let tail = CodebookUsage(codes: [Int32](repeating: 0, count: 17) + [1, 2, 3], count: 4, points: [Float](repeating: 0, count: 40),
                                 reconstruction: [Float](repeating: 0, count: 40))
        #expect(tail.utilisation == 1 && tail.perplexity < 2)
    }
}
