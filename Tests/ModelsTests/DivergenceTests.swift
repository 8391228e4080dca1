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

/// Sweep cells, muP cells and the coordinate check use the same rule: a diverged cell is NaN and counted, never kept.
@Suite struct DivergenceInSweepsTests {
    @Test func aCellLossAboveTheBoundOrNotFiniteExceedsTheRule() {
        let rule = DivergenceRule(baseline: 2, factor: 100)
        #expect(!rule.exceeded(by: 199) && rule.exceeded(by: 201) && rule.exceeded(by: .nan) && rule.exceeded(by: -.infinity))
        #expect(DivergenceRule(baseline: 2).exceeded(by: 21) && !DivergenceRule(baseline: 2).exceeded(by: 19), "10× by default")
        #expect(!DivergenceRule(baseline: nil).exceeded(by: 1e30), "without a baseline only finiteness counts")
    }

    /// An SGD learning rate of 100 on the teacher task blows up; the table reports the cell as diverged.
    @Test func aSweepCellAtAHugeLearningRateIsReportedDiverged() {
        var c = ScalingTaskConfig()
        c.heldOut = 256
        var s = SweepSettings()
        s.optimizer.kind = .sgd
        s.budget = .steps(30)
        let grid = SweepGrid(batches: [16], lrs: [0.01, 100], seeds: 1)
        let worker = ScalingWorker(task: ScalingTask(c))
        var table = SweepTable(grid: grid)
        for cell in grid.cells { table.record(SweepResult(cell: cell, loss: worker.run(cell, settings: s)!)) }
        #expect(table.diverged == 1, "\(table.csv)")
        #expect(table.csv.contains(",100,0,nan"), "\(table.csv)")
        #expect(table.meanLogLoss(batch: 0, lr: 0)?.isFinite == true)
    }

    /// muP cells: an LR of 2^6 sends the standard parametrisation at width 256 off; a small one trains.
    @Test func aMuPCellAtAHugeLearningRateIsReportedDiverged() {
        var c = MuPConfig()
        c.steps = 30
        c.spiral.perClass = 100
        let w = MuPWorker(config: c, data: c.data)
        let cell = { (lr: Int) in MuPCell(parametrization: .sp, widthIndex: 0, lrIndex: 0, seed: 0, width: 256, log2LR: lr) }
        let bad = w.run(cell(6)), good = w.run(cell(-8))
        #expect(bad.map { $0.isNaN } == true, "loss \(String(describing: bad))")
        #expect(good.map { $0.isFinite && $0 < 1.2 } == true, "loss \(String(describing: good))")
    }

    @Test func theCoordinateCheckListsATraceWhoseLossIsNotFinite() {
        var c = MuPConfig()
        c.spiral.perClass = 100
        c.coordWidths = [64, 128]
        c.coordSeeds = 1
        c.coordLR = .greatestFiniteMagnitude
        let check = CoordCheck.run(c, data: c.data)
        #expect(check?.diverged.isEmpty == false, "the largest Float LR overflows the weights")
        #expect(check?.json.text().contains("\"diverged\": [\"") == true)
        c.coordLR = 0.03125
        #expect(CoordCheck.run(c, data: c.data)?.diverged == [], "the preset's LR does not diverge")
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
