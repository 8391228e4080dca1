import Foundation
import Testing
@testable import Models

/// The experiment core: what every generative method shares (reset, optimizer choices, phases, outputs).
@Suite struct CoreTests {
    /// A reset rebuilds from the current settings and keeps the user's choices: the run after it equals a fresh
    /// run that started with those choices.
    @Test func resetKeepsTheUsersChoicesAndStartsOverDeterministically() throws {
        let e = GenerativeExperiment.reflow(.small())
        _ = try e.apply(.setOptimizer(.muon, group: nil))
        _ = try e.apply(.scaleLR(2, group: nil))
        _ = try e.apply(.setBatchSize(64))
        e.train(to: 15)
        let events = try e.apply(.reset)
        #expect(events.contains { if case .reset = $0 { true } else { false } })
        #expect(e.step == 0 && e.groupStatus == [GroupStatus(name: "flow", kind: .muon, lr: 0.04)] && e.settings.batch == 64)
        var chosen = CoreSettings.small(batch: 64)
        chosen.optimizer.kind = .muon
        chosen.optimizer.muonLR = 0.04
        chosen.optimizer.lr = 2e-3
        let fresh = GenerativeExperiment.reflow(chosen)
        for _ in 0..<10 { #expect(e.trainStep() == fresh.trainStep()) }
    }

    @Test func lrKeysScaleEveryLROfTheGroupAndSetLRHitsTheHeadline() throws {
        let e = GenerativeExperiment.reflow(.small())
        _ = try e.apply(.setOptimizer(.muon, group: nil))
        _ = try e.apply(.scaleLR(0.5, group: nil))
        let bank = try #require(e.optimizers.bank("flow"))
        #expect(bank.config.muonLR == 0.01 && bank.config.lr == 5e-4)
        _ = try e.apply(.setLR(0.04, group: "flow"))
        #expect(abs(bank.config.muonLR - 0.04) < 1e-7 && abs(bank.config.lr - 2e-3) < 1e-9)
    }

    /// metrics.csv never repeats a column, and every evaluation fills only columns it declared.
    @Test func everyPresetsColumnsAreUniqueAndDeclared() throws {
        let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../presets")
        let lib = PresetLibrary(directory: dir)
        var checked = 0
        for name in lib.names {
            var p = try lib.load(name)
            guard p.makeMethod() != nil else { continue }
            // Small settings, each where the experiment has the key (a classifier has no sampler to evaluate).
            for small in ["width=16", "hidden=16,16", "eval_samples=200", "validation_size=256", "eval_steps=5", "teacher_steps=3",
                          "pairs=256", "eval_pairs=64", "per_class=100",
                          "channels=8", "blocks=2", "test_size=200", "codes=16"]
            where p.experiment.schema.contains(where: { $0.name == small.prefix { $0 != "=" } }) {
                try p.set(small)
            }
            let e = try #require(p.makeExperiment())
            let run = HeadlessRun(experiment: e, steps: 6, logEvery: 1, evalEvery: 3)
            run.run()
            let columns = run.columns
            #expect(Set(columns).count == columns.count, "\(name): repeated columns \(columns)")
            let ev = try #require(run.lastEvaluation)
            let declared = Set(e.evaluationNames)
            #expect(ev.names.allSatisfy(declared.contains) && ev.vectors.allSatisfy { declared.contains($0.name) }, "\(name)")
            #expect(run.csv.split(separator: "\n").allSatisfy { $0.split(separator: ",", omittingEmptySubsequences: false).count == columns.count })
            checked += 1
        }
        #expect(checked >= 6)
    }

    @Test func numbersAreWrittenInShortestRoundTripForm() {
        #expect(formatNumber(Float(0.001)) == "0.001")
        #expect(formatNumber(Float(1e-8)) == "1e-08")
        #expect(formatNumber(Float(3)) == "3")
        #expect(formatNumber(0.1 + 0.2) == "0.30000000000000004")
        #expect(formatNumber(Double.nan) == "nan")
        #expect(Float(formatNumber(Float(3.90625e-06))) == Float(3.90625e-06))
    }

    /// Muon has no hidden matrix to act on in the linear sweep task: a clear error, not a silent AdamW run.
    @Test func muonOnATaskWithoutAHiddenMatrixIsRefused() throws {
        #expect(throws: ConfigError.self) { try Preset(yaml: "experiment: lr-batch-scaling\noptimizer: muon\ntask: linear\n", source: "s.yaml") }
        do {
            _ = try Preset(yaml: "experiment: lr-batch-scaling\ntask: linear\noptimizer: muon\n", source: "s.yaml")
        } catch let e as ConfigError {
            #expect(e.description.hasPrefix("s.yaml:3: key 'optimizer':"))
        }
        var p = try Preset(yaml: "experiment: lr-batch-scaling\ntask: teacher\noptimizer: muon\n", source: "s.yaml")
        #expect(throws: ConfigError.self) { try p.set("task=linear") }
        #expect(p.text("task") == "teacher", "a refused --set leaves the preset as it was")
    }
}

@Suite struct MovingAverageTests {
    /// One scalar weight taking the values 1 (at init), 2, 3 with decay 0.5, in each of the three flavours.
    @Test func weightEMAFlavoursAgainstAHandComputedSequence() {
        func run(_ start: WeightEMAStart) -> [Float] {
            let source = ScalarNet(1), shadow = ScalarNet(-7)
            let ema = WeightEMA(source: source, shadow: shadow, decay: 0.5, start: start)
            var seen = [shadow.value]
            for v: Float in [2, 3] {
                source.value = v
                ema.update()
                seen.append(shadow.value)
            }
            return seen
        }
        #expect(run(.weights) == [1, 1.5, 2.25])
        #expect(run(.zero) == [0, 1, 2])
        // Zero start, divided by 1 − 0.5ᵗ: 1/0.5 = 2, then (0.5·1 + 0.5·3)/0.75 = 8/3.
        let corrected = run(.zeroCorrected)
        #expect(corrected[1] == 2 && abs(corrected[2] - 8.0 / 3) < 1e-6)
    }

    @Test func lossEMAStartsAtTheFirstValue() {
        var e = LossEMA(decay: 0.9)
        e.add(10)
        #expect(e.value == 10)
        e.add(0)
        #expect(abs(e.value - 9) < 1e-6)
        e.reset()
        #expect(e.value.isNaN)
    }
}

@Suite struct TimeConventionTests {
    /// The shortcut net works in the paper's τ (0 noise, 1 data); as a lab velocity field it is −s(x, 1 − t).
    @Test func shortcutMeetsTheLabsTimeAtOneBoundary() {
        var r = RNG(seed: 3)
        let net = ShortcutNet(hidden: [8], activation: .silu, levels: 3, rng: &r)
        let x: [Float] = [0.5, -1, 2, 0.25]
        let t: [Float] = [0.2, 0.9]
        var lab = [Float](repeating: 0, count: 4), paper = lab
        ShortcutFlowField(net).velocity(x, times: t, into: &lab)
        net.velocity(x, taus: [0.8, 0.1].map { Float($0) }, level: 3, into: &paper)
        for j in 0..<4 { #expect(abs(lab[j] + paper[j]) < 1e-6) }
    }
}

/// A one-parameter model for averaging tests.
private final class ScalarNet: HasParameters {
    let p: Parameter
    init(_ v: Float) { p = Parameter(name: "w", role: .other, value: Matrix(rows: 1, cols: 1, data: [v])) }
    var parameters: [Parameter] { [p] }
    var value: Float {
        get { p.value.data[0] }
        set { p.value.data[0] = newValue }
    }
}

/// Gradient accumulation and the weight EMA, for every method on the core.
@Suite struct CoreAccumulationAndEMATests {
    /// SGD without momentum at lr 1: the step is −g, so the parameters after one step give the gradient back
    /// (in Double, to keep the subtraction's rounding below the tolerance).
    private func gradientAfterOneStep(accumulate k: Int) -> [Double] {
        var s = CoreSettings.small(batch: 64)
        s.optimizer.kind = .sgd
        s.optimizer.momentum = 0
        s.optimizer.lr = 1
        s.accumulate = k
        let e = GenerativeExperiment.reflow(s)
        let before = e.optimizers.groups[0].parameters.flatMap(\.value.data)
        e.trainStep()
        let after = e.optimizers.groups[0].parameters.flatMap(\.value.data)
        return zip(before, after).map { Double($0) - Double($1) }
    }

    /// k micro-batches of B/k rows draw the same data as one batch of B; the flow loss is a mean over rows, so
    /// the averaged micro-batch gradients are the batch gradient.
    @Test func accumulatedGradientEqualsTheFullBatchGradient() {
        let full = gradientAfterOneStep(accumulate: 1)
        for k in [2, 4, 8] {
            let acc = gradientAfterOneStep(accumulate: k)
            let diff = zip(full, acc).map { ($0 - $1) * ($0 - $1) }.reduce(0, +).squareRoot()
            let norm = full.map { $0 * $0 }.reduce(0, +).squareRoot()
            #expect(diff / norm < 1e-5, "k = \(k): relative gradient error \(diff / norm)")
        }
    }

    @Test func accumulationKeepsTheTrainingCurve() {
        let a = CoreSettings.small(batch: 64)
        var b = a
        b.accumulate = 4
        let x = GenerativeExperiment.reflow(a), y = GenerativeExperiment.reflow(b)
        for _ in 0..<30 {
            let (mx, my) = (x.trainStep(), y.trainStep())
            #expect(abs(mx.loss - my.loss) <= 1e-3 * abs(mx.loss))
        }
    }

    @Test func aWeightEMAIsEvaluatedBesideTheWeightsAndLeavesThemUntouched() throws {
        var s = CoreSettings.small()
        s.weightEMA = WeightEMASettings(decay: 0.9, start: .zeroCorrected)
        let e = GenerativeExperiment.reflow(s)
        e.train(to: 40)
        let weights = e.optimizers.groups[0].parameters.map(\.value)
        let ev = e.evaluate()
        #expect(e.optimizers.groups[0].parameters.map(\.value) == weights, "evaluating the EMA swaps the weights back")
        for name in ["ema_kl", "ema_val_excess", "ema_straightness"] {
            #expect(ev[name] != nil && e.evaluationNames.contains(name), "\(name)")
        }
        #expect(ev["ema_kl"] != ev["kl"])
        #expect(e.evaluationNames.filter { $0.hasPrefix("ema_exact") }.isEmpty, "the exact model does not depend on the weights")
        _ = try e.apply(.setWeightEMA(0))
        #expect(!e.evaluationNames.contains("ema_kl") && e.evaluate()["ema_kl"] == nil)
        _ = try e.apply(.setWeightEMA(0.99))
        #expect(e.info.weightEMA == 0.99 && e.evaluate()["ema_kl"] != nil)
    }

    @Test func presetKeysForEMAAndAccumulationAreChecked() throws {
        let p = try Preset(yaml: "experiment: reflow\nweight_ema: 0.99\nweight_ema_start: zero-corrected\nsample_from: ema\naccumulate: 4\n", source: "e.yaml")
        let s = CoreSettings(preset: p)
        #expect(s.weightEMA == WeightEMASettings(decay: 0.99, start: .zeroCorrected) && s.sampleFromEMA && s.accumulate == 4)
        #expect(throws: ConfigError.self) { try Preset(yaml: "experiment: reflow\nbatch: 100\naccumulate: 3\n", source: "e.yaml") }
        #expect(throws: ConfigError.self) { try Preset(yaml: "experiment: reflow\nsample_from: ema\n", source: "e.yaml") }
    }
}
