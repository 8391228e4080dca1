import Foundation
import Testing
@testable import Models

/// The core's weight EMA on a method without samplers: its ema_* extras are the method's own measures of the
/// hand-averaged weights (extending `MovingAverageTests`' hand-computed sequence to a whole training run).
@Suite struct ClassifierEMATests {
    private func experiment(decay: Float, start: WeightEMAStart) -> (GenerativeExperiment, SpiralClassifierMethod) {
        var s = CoreSettings.small(hidden: [8, 8], batch: 16)
        s.optimizer.lr = 0.031_25
        s.weightEMA = WeightEMASettings(decay: decay, start: start)
        let m = SpiralClassifierMethod(settings: s, shape: SpiralClasses.Shape(perClass: 50))
        return (GenerativeExperiment(settings: s, method: m), m)
    }

    /// θ̄_t = (1 − d)·Σ_s d^(t−s)·θ_s / (1 − dᵗ), summed in Double step by step, loaded into a fresh net and evaluated.
    @Test func emaExtrasAreTheFullDataLossOfTheHandAveragedWeights() throws {
        let (e, m) = experiment(decay: 0.9, start: .zeroCorrected)
        var sums = m.net.parameters.map { [Double](repeating: 0, count: $0.count) }
        for t in 1...12 {
            _ = e.trainStep()
            for (i, p) in m.net.parameters.enumerated() {
                for j in 0..<p.count { sums[i][j] = 0.9 * sums[i][j] + 0.1 * Double(p.value.data[j]) }
            }
            if t == 12 {
                let correction = 1 - pow(0.9, 12.0)
                var rng = RNG(seed: 0)
                let byHand = MuMLP(hidden: [8, 8], rules: MuPRules(.sp, width: 1, baseWidth: 1), rng: &rng)
                byHand.load(values: zip(byHand.parameters, sums).map { p, s in Matrix(rows: p.value.rows, cols: p.value.cols, data: s.map { Float($0 / correction) }) })
                let ev = e.evaluate()
                let expected = byHand.evaluate(m.data).loss
                #expect(abs(try #require(ev["ema_full_loss"]) - expected) < 1e-5 * expected)
                #expect(try #require(ev["full_loss"]) == m.net.evaluate(m.data).loss, "the raw measure is of the weights in place")
            }
        }
    }

    /// The uncorrected zero start is a known-bad estimate early on: after 5 steps at d = 0.999 its weights are
    /// 0.5% of the real ones, the logits ≈ 0 and the loss ≈ ln 3; the corrected start reads the weights' own scale.
    @Test func uncorrectedZeroStartReadsUniformGuessingEarly() throws {
        let (zero, _) = experiment(decay: 0.999, start: .zero)
        let (corrected, _) = experiment(decay: 0.999, start: .zeroCorrected)
        for _ in 0..<5 {
            _ = zero.trainStep()
            _ = corrected.trainStep()
        }
        let z = try #require(zero.evaluate()["ema_full_loss"]), c = try #require(corrected.evaluate()["ema_full_loss"])
        #expect(abs(z - log(3)) < 1e-3, "zero start: \(z)")
        #expect(abs(c - log(3)) > 10 * abs(z - log(3)), "corrected: \(c)")
    }
}
