import Foundation
import Models
import Testing
@testable import Lab

/// A dashboard state as the app starts on the default preset.
func initialState(glyphs: GlyphMode = .braille) throws -> AppState {
    let p = try Preset(yaml: "experiment: reflow\ndescription: test\n", source: "reflow-mixture.yaml")
    var s = AppState(preset: p, glyphs: glyphs)
    s.width = 100
    s.height = 30
    return s
}

/// Feeds keys through `update` and collects the trainer commands they produce (the fake trainer).
func press(_ keys: [Key], on state: inout AppState) -> [Effect] {
    keys.flatMap { update(&state, .key($0)) }
}

@Suite struct UpdateTests {
    /// A soak's key flood made ~300 markers a second (13 MB in ten minutes): the chart keeps the newest
    /// `markerCapacity`, and a change repeated at one step marks once.
    @Test func settingsMarkersAreBoundedAndCoalesced() throws {
        var s = try initialState()
        for i in 0..<1000 {
            _ = update(&s, .trainer(.changed(step: i / 4, setting: "lr", text: "lr \(i)")))
        }
        #expect(s.training.markers.count == TrainingView.markerCapacity)
        #expect(s.training.markers.last?.label == "lr 999" && s.training.markers.last?.step == 249)
        #expect(Set(s.training.markers.map(\.step)).count == s.training.markers.count, "one marker per step and kind")
        _ = update(&s, .trainer(.switched(step: 249, from: .adam, to: .muon, group: "flow")))
        #expect(s.training.markers.suffix(2).map(\.kind) == [.lr, .optimizer], "another kind at the same step is kept")
    }

    @Test func spaceTogglesPauseAndTellsTheTrainer() throws {
        var s = try initialState()
        #expect(press([.char(" ")], on: &s) == [.send(.pause)])
        #expect(s.paused)
        #expect(press([.char(" ")], on: &s) == [.send(.resume)])
        #expect(!s.paused)
    }

    @Test func dotStepsOnlyWhilePaused() throws {
        var s = try initialState()
        #expect(press([.char(".")], on: &s).isEmpty)
        #expect(s.notice != nil)
        _ = press([.char(" ")], on: &s)
        #expect(press([.char(".")], on: &s) == [.send(.stepOnce)])
    }

    @Test func mTogglesAdamAndMuonAndOCyclesAllFour() throws {
        var s = try initialState()
        #expect(press([.char("m")], on: &s) == [.send(.setOptimizer(.muon, group: nil))])
        _ = update(&s, .trainer(.switched(step: 10, from: .adam, to: .muon, group: "flow")))
        _ = update(&s, .trainer(.groups([GroupStatus(name: "flow", kind: .muon, lr: 0.02)])))
        #expect(s.optimizer == .muon)
        #expect(s.training.markers == [TrainingMarker(step: 10, kind: .optimizer, label: "Muon")])
        #expect(s.bindings.first { $0.keys == "m" }?.hint == "Adam", "the hint names what m switches to")
        #expect(press([.char("m")], on: &s) == [.send(.setOptimizer(.adam, group: nil))])
        #expect(press([.char("o")], on: &s) == [.send(.setOptimizer(.moonlight, group: nil))])
        _ = update(&s, .trainer(.groups([GroupStatus(name: "flow", kind: .moonlight, lr: 1e-3)])))
        #expect(press([.char("o")], on: &s) == [.send(.setOptimizer(.sgd, group: nil))])
    }

    @Test func plusMinusScaleTheLearningRateByTwo() throws {
        var s = try initialState()
        #expect(press([.char("+")], on: &s) == [.send(.scaleLR(2, group: nil))])
        #expect(press([.char("-"), .char("-")], on: &s) == [.send(.scaleLR(0.5, group: nil)), .send(.scaleLR(0.5, group: nil))])
    }

    @Test func bracketsHalveAndDoubleTheBatch() throws {
        var s = try initialState()
        #expect(press([.char("[")], on: &s) == [.send(.setBatchSize(128))])
        #expect(press([.char("]"), .char("]")], on: &s) == [.send(.setBatchSize(256)), .send(.setBatchSize(512))])
    }

    @Test func digitsPickSamplerStepsAsPowersOfTwo() throws {
        var s = try initialState()
        let expected: [(Character, Int)] = [("1", 1), ("2", 2), ("3", 4), ("4", 8), ("5", 16), ("6", 32), ("7", 64), ("0", 128)]
        for (c, n) in expected {
            #expect(press([.char(c)], on: &s) == [.send(.setSamplerSteps(n))])
            #expect(s.samplerSteps == n)
        }
        #expect(press([.char("8")], on: &s).isEmpty)
    }

    @Test func otherKeys() throws {
        var s = try initialState()
        #expect(press([.char("t")], on: &s) == [.send(.setTrajectories(false))])
        #expect(press([.char("d")], on: &s) == [.send(.setDataset(.moons))])
        #expect(press([.char("r")], on: &s) == [.send(.reset)])
        #expect(press([.tab], on: &s).isEmpty && s.focus == .quality)
        #expect(press([.tab, .tab, .tab], on: &s).isEmpty && s.focus == .loss)
        _ = press([.char("z")], on: &s)
        #expect(s.zoomed)
        _ = press([.char("?")], on: &s)
        #expect(s.showHelp)
        _ = press([.escape], on: &s)
        #expect(!s.showHelp)
        if case .save(let stem)? = press([.char("s")], on: &s).first {
            #expect(stem.hasPrefix("lab-reflow-mixture-step0"))
        } else {
            Issue.record("s must save")
        }
        #expect(press([.char("q")], on: &s) == [.quit])
        #expect(s.quitting)
    }

    @Test func trainerEventsUpdateTheState() throws {
        var s = try initialState()
        for i in 1...5 {
            _ = update(&s, .trainer(.metrics(StepMetrics(step: i, loss: Float(10 - i), lossEMA: 9, lr: 1e-3, optimizer: .adam, batch: 256))))
        }
        #expect(s.step == 5)
        #expect(s.loss.raw.count == 5)
        var e = Evaluation(step: 5, names: ["val_excess", "kl"], values: [0.4, 0.2])
        e.headline = "kl"
        _ = update(&s, .trainer(.info(ExperimentInfo(method: "ReFlow", validationPrefix: "", hasFloor: true, headline: "kl"))))
        _ = update(&s, .trainer(.evaluated(e)))
        #expect(s.training.history["kl"].map(\.y) == [0.2] && s.training.history["val_excess"].map(\.y) == [0.4])
        _ = update(&s, .trainer(.changed(step: 5, setting: "lr", text: "lr 0.002")))
        #expect(s.training.markers.last == TrainingMarker(step: 5, kind: .lr, label: "lr 0.002"))
        _ = update(&s, .trainer(.diverged(step: 5, message: "loss became nan")))
        #expect(s.paused && s.diverged != nil)
        _ = update(&s, .trainer(.reset))
        #expect(s.step == 0 && s.loss.raw.isEmpty && s.diverged == nil)
        #expect(s.training.history["kl"].isEmpty && s.training.markers.isEmpty && s.training.evaluation == nil)
    }

    @Test func stepsPerSecondComesFromTicks() throws {
        var s = try initialState()
        _ = update(&s, .tick(0))
        _ = update(&s, .trainer(.metrics(StepMetrics(step: 500, loss: 1, lossEMA: 1, lr: 1e-3, optimizer: .adam, batch: 256))))
        _ = update(&s, .tick(0.5))
        #expect(abs(s.stepsPerSecond - 1000) < 1e-9)
    }

    @Test func lossHistoryStaysBoundedAndKeepsTheNoiseBand() {
        var h = LossHistory(capacity: 1000)
        for i in 1...10_000 {
            h.append(StepMetrics(step: i, loss: i % 2 == 0 ? 2 : 1, lossEMA: 1.5, lr: 0, optimizer: .adam, batch: 1))
        }
        #expect(h.raw.count <= 1000)
        #expect(h.raw.last!.x >= 9_990)
        #expect(h.minY == 1 && h.maxY == 2)
    }
}

@Suite struct ExperimentKeyTests {
    private func state(_ yaml: String, name: String) throws -> AppState {
        AppState(preset: try Preset(yaml: yaml, source: "\(name).yaml"), glyphs: .braille)
    }

    @Test func bCyclesTheBalancingStrategyAndMarksTheSwitch() throws {
        var s = try state("experiment: moe-balance\nbalance: none\n", name: "moe-balance")
        #expect(press([.char("b")], on: &s) == [.send(.setOption(key: "balance", value: "aux"))])
        #expect(press([.char("b")], on: &s) == [.send(.setOption(key: "balance", value: "lossfree"))])
        _ = update(&s, .trainer(.changed(step: 40, setting: "balance", text: "balance lossfree")))
        #expect(s.training.markers.map(\.label) == ["balance lossfree"])
    }

    @Test func nTrainsTheNextOneStepMethodAndLCyclesLambda() throws {
        var s = try state("experiment: reflow2\n", name: "reflow2")
        #expect(press([.char("n")], on: &s) == [.switchPreset("shortcut")])
        var sid = try state("experiment: sid\nlambda: 1\n", name: "sid")
        #expect(press([.char("n")], on: &sid) == [.switchPreset("distill")])
        var distill = try state("experiment: distill\n", name: "distill")
        #expect(distill.oneStep && distill.panes == [.loss, .stepsQuality, .grid, .stats])
        #expect(press([.char("n")], on: &distill) == [.switchPreset("reflow2")], "n visits all five, then starts over")
        #expect(press([.char("l")], on: &sid) == [.send(.setOption(key: "lambda", value: "1.2"))])
        #expect(press([.char("l")], on: &sid) == [.send(.setOption(key: "lambda", value: "0.5"))])
    }

    /// Evaluated curves feed the comparison: the grid's titles take each method's value at M = 1, a teacher's level stays apart.
    @Test func evaluatedCurvesGiveEachMethodItsOneStepQuality() throws {
        var s = try state("experiment: reflow2\n", name: "reflow2")
        var e = Evaluation(step: 10)
        e.curves = [NamedSeries(name: "2-RF", points: [SIMD2(1, 0.52), SIMD2(2, 0.36)]), NamedSeries(name: "1-RF teacher", points: [SIMD2(100, 0.12)])]
        _ = update(&s, .trainer(.evaluated(e)))
        #expect(s.comparedCurves.map(\.name) == ["2-RF", "1-RF teacher"])
        #expect(s.oneStepQuality == ["2-RF": 0.52], "a teacher measured only at 100 steps has no 1-step value")
    }

    @Test func sweepKeysRestartWithTheNextOptimizerOrEpsilon() throws {
        var s = try state("experiment: lr-batch-scaling\noptimizer: sgd\n", name: "lr-batch-scaling")
        guard case .restartSweep(let c)? = press([.char("o")], on: &s).first else { Issue.record("o restarts"); return }
        #expect(c.settings.optimizer.kind == .adam)
        guard case .restartSweep(let e)? = press([.char("e")], on: &s).first else { Issue.record("e restarts"); return }
        #expect(e.settings.optimizer.eps != c.settings.optimizer.eps)
        #expect(s.sweep?.table.done == 0)
    }

    @Test func physicsKeysStepFramesExactly() throws {
        var s = try state("experiment: kepler\n", name: "kepler")
        _ = press([.char("."), .char("."), .char(".")], on: &s)
        #expect(s.paused && s.demo?.frameIndex == 3)
        let t3 = s.demo!.time
        _ = press([.char(","), .char(".")], on: &s)
        #expect(s.demo?.frameIndex == 3 && s.demo!.time == t3)
        _ = press([.char("E")], on: &s)
        #expect(s.demo?.frameIndex == 0)
        if case .kepler(let k)? = s.demo { #expect(abs(k.simulation.orbit.e - 0.55) < 1e-12) }
    }
}
