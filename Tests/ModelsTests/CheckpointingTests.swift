import Foundation
import Testing
@testable import Models

@Suite struct CheckpointingTests {
    private func batch(_ rows: Int, _ width: Int) -> Matrix {
        var rng = RNG(seed: 9)
        var x = Matrix(rows: rows, cols: width)
        rng.fillNormal(&x)
        return x
    }

    /// Every scheme recomputes the same products in the same order: the gradients agree to float tolerance.
    @Test func everySchemeGivesTheSameGradients() {
        for L in [3, 10, 17] {
            let net = CheckpointedMLP(layers: L, width: 12, seed: 4)
            let x = batch(8, 12)
            let loss = net.lossAndGradient(x, scheme: .all)
            let g = net.parameters.flatMap(\.grad.data)
            for scheme in [CheckpointScheme.sqrt, .none] {
                #expect(net.lossAndGradient(x, scheme: scheme) == loss)
                let h = net.parameters.flatMap(\.grad.data)
                let err = zip(g, h).map { Double($0 - $1) * Double($0 - $1) }.reduce(0, +).squareRoot() / g.map { Double($0) * Double($0) }.reduce(0, +).squareRoot()
                #expect(err <= 1e-6, "L = \(L), \(scheme): relative gradient error \(err)")
            }
        }
    }

    /// The gradient is right, not only consistent: central differences of the loss on a few weights.
    @Test func theGradientMatchesFiniteDifferences() {
        let net = CheckpointedMLP(layers: 5, width: 6, seed: 2)
        let x = batch(4, 6)
        net.lossAndGradient(x, scheme: .sqrt)
        let p = net.layers[2].weight
        let analytic = p.grad.data
        for j in [0, 7, 20] {
            let keep = p.value.data[j]
            p.value.data[j] = keep + 1e-3
            let up = net.lossAndGradient(x, scheme: .none)
            p.value.data[j] = keep - 1e-3
            let down = net.lossAndGradient(x, scheme: .none)
            p.value.data[j] = keep
            let fd = (up - down) / 2e-3
            #expect(abs(fd - analytic[j]) < 1e-3 * max(1, abs(analytic[j])) + 1e-5, "entry \(j): fd \(fd) vs \(analytic[j])")
        }
    }

    /// Memory ∝ L when everything is stored, ∝ √L with checkpoints (within 2.5·√L/L of storing everything), constant
    /// with recomputation from the input.
    @Test func peakMemoryScalesAsEachSchemePromises() {
        var peaks: [CheckpointScheme: [Int]] = [:]
        for L in [16, 64] {
            let net = CheckpointedMLP(layers: L, width: 8, seed: 1)
            for s in CheckpointScheme.allCases {
                net.lossAndGradient(batch(4, 8), scheme: s)
                peaks[s, default: []].append(net.peakFloats / (4 * 8))
            }
            #expect(Double(peaks[.sqrt]!.last!) <= 2.5 * Double(L).squareRoot() / Double(L) * Double(peaks[.all]!.last!), "L = \(L): \(peaks)")
        }
        #expect(peaks[.all] == [19, 67], "L + 3 activations: \(peaks[.all]!)")
        #expect(peaks[.none] == [5, 5])
        #expect(peaks[.sqrt]![1] < 2 * peaks[.sqrt]![0], "√64 / √16 = 2, less the constant part: \(peaks[.sqrt]!)")
        #expect(CheckpointStudy.layerPasses(64, .none, segment: 64) == 128 + 2016)
    }
}
