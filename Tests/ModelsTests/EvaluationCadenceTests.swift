import Foundation
import Testing
@testable import Models

/// Issue 24: live dashboards take cheap evaluations often and complete ones at a lower cadence; the claims' step is
/// measured completely, with the numbers `lab claims` reads.
@Suite struct EvaluationCadenceTests {
    /// The quick evaluation is part of the complete one: the same numbers under the same names, without what costs
    /// (samplers past 100 steps but the headline, the raw-weight pass when the EMA samples, likelihoods, extras).
    @Test func aQuickEvaluationIsTheCheapPartOfTheCompleteOne() throws {
        BLAS.useSingleThread()
        let e = try #require(try smallPreset("ddpm", ["hidden=16,16", "step_counts=5,10,1000"]).makeExperiment())
        while e.step < 20 { _ = e.trainStep() }
        // Quick first: frozen samplers (the exact models) join quick evaluations only once a complete one measured them.
        let quick = e.evaluateQuickly(curves: true), full = e.evaluate(curves: true)
        #expect(quick.isQuick && !full.isQuick)
        #expect(quick.names.count < full.names.count / 2, "quick \(quick.names.count) of \(full.names.count) measures")
        for (n, v) in zip(quick.names, quick.values) {
            #expect(full[n].map { $0.bitPattern == v.bitPattern } == true, "\(n): quick \(v), complete \(full[n] ?? .nan)")
        }
        #expect(quick[full.headline] != nil, "the headline \(full.headline) is in every quick evaluation")
        let others = ["ddim_", "euler_", "heun_", "reflow_", "exact_"]
        #expect(!quick.names.contains { n in n.hasSuffix("_1000") && others.contains { n.contains($0) } }, "no other 1000-step sampler")
        let validation = try #require(e.info.validationLossName)
        #expect(quick[validation] != nil, "the divergence rule's \(validation) is in every quick evaluation")
        #expect(e.evaluateQuickly(curves: false).names.count > quick.names.count, "measured exact models join for free")
        #expect(!quick.curves.isEmpty && quick.curves.allSatisfy { $0.points.allSatisfy { $0.x <= 100 } })
    }

    @Test func aQuickEvaluationOverTheLastCompleteOneKeepsItsCostlyValues() {
        var old = Evaluation(step: 100, names: ["kl_5", "kl_1000", "val_loss"], values: [0.9, 0.2, 3])
        old.curves = [NamedSeries(name: "DDIM", points: [SIMD2(5, 0.9), SIMD2(1000, 0.2)])]
        var new = Evaluation(step: 180, names: ["kl_5", "val_loss"], values: [0.7, 2.5])
        new.scope = .quick
        new.curves = [NamedSeries(name: "DDIM", points: [SIMD2(5, 0.7)])]
        let shown = new.overlaying(old)
        #expect(shown["kl_5"] == 0.7 && shown["val_loss"] == 2.5, "newer values win")
        #expect(shown["kl_1000"] == 0.2, "a costly measure stays until the next complete evaluation")
        #expect(shown.curves.first?.points == [SIMD2(5, 0.7), SIMD2(1000, 0.2)])
        #expect(shown.step == 180)
    }

    /// The live trainer measures the preset's steps completely, on a copy of their own, with the numbers a headless run
    /// of those steps ends on: the dashboard's claim verdict is `lab claims`'s.
    @Test func theLiveTrainerMeasuresTheClaimsStepAsAHeadlessRunDoes() throws {
        BLAS.useSingleThread()
        let p = try smallPreset("reflow-mixture", ["hidden=16,16"])
        let headless = HeadlessRun(experiment: try #require(p.makeExperiment()), steps: 300, logEvery: 100, evalEvery: 0)
        headless.run()
        let expected = try #require(headless.lastEvaluation)
        let trainer = Trainer(experiment: try #require(p.makeExperiment()))
        trainer.evaluateAt = 300
        trainer.pauseAt = 300
        trainer.start()
        var atBudget: Evaluation?
        var quick = 0
        let deadline = Clock.now() + 60
        while atBudget == nil && Clock.now() < deadline {
            for e in trainer.channel.drainEvents() {
                guard case .evaluated(let ev) = e else { continue }
                if ev.isQuick { quick += 1 }
                if ev.step == 300 && !ev.isQuick { atBudget = ev }
            }
            Thread.sleep(forTimeInterval: 0.01)
        }
        trainer.stop()
        let got = try #require(atBudget, "no complete evaluation at step 300")
        #expect(zip(got.names, got.values).allSatisfy { n, v in expected[n].map { $0.bitPattern == v.bitPattern } ?? false },
                "the dashboard's numbers at step 300 are the headless run's")
        #expect(got.names == expected.names)
        #expect(quick >= 1, "quick evaluations run between complete ones")
    }
}

