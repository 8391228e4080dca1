import Foundation
import Testing
@testable import Models

/// Runs a preset headless for `steps` steps.
private func headless(_ p: Preset, steps: Int, evalEvery: Int = 50) throws -> HeadlessRun {
    let e = try #require(p.makeExperiment())
    let run = HeadlessRun(experiment: e, steps: steps, logEvery: 10, evalEvery: evalEvery)
    run.run()
    if !run.diverged { run.finishEvaluation() }
    return run
}

@Suite struct DivergenceRuleTests {
    @Test func aValidationLossAboveTenTimesItsStepZeroValueDiverges() {
        let rule = DivergenceRule(baseline: 19)
        var e = Evaluation(step: 3000, names: ["val_loss"], values: [2281])
        #expect(rule.verdict(e, validationName: "val_loss") == "val_loss 2.28e+03 at step 3000 exceeds 10× its step-0 value 19")
        e.values = [189]
        #expect(rule.verdict(e, validationName: "val_loss") == nil, "below 10× is not divergence")
        e.values = [.nan]
        #expect(rule.verdict(e, validationName: "val_loss") == "val_loss became nan at step 3000")
        #expect(rule.verdict(e, validationName: nil) == nil, "no validation column, nothing to judge")
    }

    @Test func nonFiniteLossOrParametersDivergeWhateverTheBaseline() {
        let rule = DivergenceRule(baseline: nil)
        #expect(rule.verdict(step: 7, loss: .infinity, parametersFinite: true) == "loss became inf at step 7")
        #expect(rule.verdict(step: 7, loss: 0.5, parametersFinite: false) == "parameters became non-finite at step 7")
        #expect(rule.verdict(step: 7, loss: 0.5, parametersFinite: true) == nil)
        #expect(rule.verdict(Evaluation(step: 1, names: ["val_loss"], values: [1e30]), validationName: "val_loss") == nil,
                "without a baseline only finiteness counts")
    }

    @Test func aBaselineThatIsNotAPositiveNumberIsIgnored() {
        #expect(DivergenceRule(baseline: .nan).baseline == nil)
        #expect(DivergenceRule(baseline: 0).baseline == nil)
        #expect(DivergenceRule(baseline: 2).baseline == 2)
    }
}

@Suite struct DivergenceRunTests {
    /// The issue's case: reflow-mixture at lr = 10 keeps a finite loss but its validation loss explodes.
    @Test func reflowAtLearningRateTenIsReportedDiverged() throws {
        let run = try headless(smallPreset("reflow-mixture", ["lr=10", "hidden=32,32"]), steps: 400)
        #expect(run.diverged, "lr=10 must count as diverged; last val_loss \(run.lastEvaluation?["val_loss"] ?? .nan), baseline \(run.rule?.baseline ?? .nan)")
        #expect(run.divergence?.contains("val_loss") == true || run.divergence?.contains("non-finite") == true
                || run.divergence?.contains("loss became") == true, "\(run.divergence ?? "")")
        let text = run.summary(preset: try smallPreset("reflow-mixture"), interrupted: false, cpuSeconds: 0).text()
        #expect(text.contains("\"diverged\": true") && text.contains("\"divergence\": ") && text.contains("\"val_loss_step0\": "))
    }

    @Test func aHealthyRunIsNotDiverged() throws {
        let run = try headless(smallPreset("reflow-mixture", ["hidden=32,32"]), steps: 100)
        #expect(!run.diverged, "\(run.divergence ?? "")")
        let b = try #require(run.rule?.baseline)
        #expect(try #require(run.lastEvaluation?["val_loss"]) < b, "training lowers the validation loss below its step-0 value")
    }

    /// Degenerate settings run to the end with finite numbers or are reported diverged, never crash.
    @Test(arguments: [
        ("reflow-mixture", ["batch=1"]), ("reflow-mixture", ["hidden=1"]), ("reflow-mixture", ["hidden=1", "batch=1"]),
        ("moe-balance", ["width=1", "experts=2", "top_k=1", "expert_hidden=1", "batch=1"]),
        ("ddpm", ["batch=1", "hidden=1"]), ("sid", ["batch=1", "hidden=1"]),
    ])
    func degenerateSettingsRunOrReportDivergence(_ name: String, _ overrides: [String]) throws {
        let run = try headless(smallPreset(name, overrides), steps: 60, evalEvery: 30)
        #expect(run.experiment.step == 60 || run.diverged)
        if !run.diverged { #expect(run.lastEvaluation != nil && run.lastMetrics?.loss.isFinite == true) }
    }

    /// A user's file of `count` points, one per row from `point`.
    private func pointsFile(_ tag: String, count: Int = 300, _ point: (Int) -> String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("lab-single-\(tag)-\(getpid()).csv")
        try ((["x,y"] + (0..<count).map(point)).joined(separator: "\n") + "\n").write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    /// A single-mode dataset (one Gaussian) trains and is measured like any other.
    @Test func aSingleModeDatasetRuns() throws {
        var rng = RNG(seed: 3, stream: 0)
        let url = try pointsFile("gaussian") { _ in "\(rng.normal()),\(rng.normal())" }
        defer { try? FileManager.default.removeItem(at: url) }
        let run = try headless(smallPreset("reflow-mixture", ["hidden=16,16", "dataset=csv:\(url.path)"]), steps: 40, evalEvery: 20)
        #expect(run.experiment.step == 40 && !run.diverged, "\(run.divergence ?? "")")
        #expect(run.lastEvaluation?["mmd"]?.isFinite == true)
    }

    /// A point mass (every point the same) used to crash the quality reference (zero kernel scale): now refused in one line.
    @Test func aPointMassDatasetIsRefusedNamingTheFile() throws {
        let url = try pointsFile("pointmass") { _ in "1.5,-2" }
        defer { try? FileManager.default.removeItem(at: url) }
        #expect(throws: ConfigError.self) { _ = try smallPreset("reflow-mixture", ["dataset=csv:\(url.path)"]) }
        do { _ = try smallPreset("reflow-mixture", ["dataset=csv:\(url.path)"]) } catch let e as ConfigError {
            #expect(e.description.hasPrefix("--set dataset: key 'dataset': \(url.path): the points have no spread"), "\(e.description)")
        }
    }
}

@Suite struct TrainerDivergenceTests {
    /// The dashboard's trainer applies the same rule: a run whose validation loss explodes pauses with the reason.
    @Test func theTrainerPausesWhenValidationLossExceedsTenTimesItsStart() throws {
        var p = try smallPreset("reflow-mixture", ["lr=10", "hidden=32,32"])
        try p.set("steps=100000")
        let trainer = Trainer(experiment: try #require(p.makeExperiment()))
        trainer.start()
        defer { #expect(trainer.stop()) }
        var message = "", paused = false
        let end = Date().addingTimeInterval(60)
        while Date() < end && !(paused && !message.isEmpty) {
            for e in trainer.channel.drainEvents() {
                if case .diverged(_, let m) = e { message = m }
                if case .paused(true) = e, !message.isEmpty { paused = true }
            }
            _ = trainer.channel.drainMetrics()
            usleep(5000)
        }
        #expect(paused && message.contains("paused"), "no divergence within 60 s: '\(message)'")
    }
}
