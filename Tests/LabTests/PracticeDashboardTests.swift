import Foundation
import Models
import Testing
@testable import Lab

/// A state for a preset given as YAML, sized `w`×`h`.
private func state(_ yaml: String, _ name: String, glyphs: GlyphMode = .braille, w: Int = 80, h: Int = 24) throws -> AppState {
    var s = AppState(preset: try Preset(yaml: yaml, source: "\(name).yaml"), glyphs: glyphs)
    s.width = w
    s.height = h
    return s
}

private let mupYAML = "experiment: mup\ndescription: t\nwidths: [64, 128, 256, 512]\nlr_log2_min: -10\nlr_log2_max: -2\n"

/// A finished synthetic width sweep: SP's optimum halves per doubling of width, muP's stays at 2⁻⁵; and a coordinate
/// check where SP's h2 grows ∝ width after a step and muP's stays.
private func mupState(glyphs: GlyphMode = .braille, w: Int = 80, h: Int = 24) throws -> AppState {
    var s = try state(mupYAML, "mup", glyphs: glyphs, w: w, h: h)
    let g = s.mup!.table.grid
    let results = g.cells.map { c in
        let best = c.parametrization == .sp ? -5 - c.widthIndex : -5
        let u = Double(c.log2LR - best)
        let loss = Float(0.05 * (1 - 0.1 * Double(c.widthIndex)) * pow(2, 0.4 * u * u))
        return MuPResult(cell: c, loss: loss, rowDone: c.lrIndex == g.log2LRs.count - 1)
    }
    _ = update(&s, .mupResults(results))
    let widths = [64, 128, 256, 512, 1024]
    let grow = { (k: Double) in widths.map { 0.2 * pow(Double($0) / 64, k) } }
    let values: [Parametrization: [[[Double]]]] = [
        .sp: [[grow(0), grow(0), grow(0)], [grow(0), grow(0.9), grow(0.8)], [grow(0), grow(1), grow(0.9)]],
        .mup: [[grow(0), grow(0), grow(-0.5)], [grow(0), grow(0), grow(0)], [grow(0), grow(0), grow(0)]],
    ]
    _ = update(&s, .mupCoords(CoordCheck(widths: widths, steps: 3, layers: ["h1", "h2", "out"], values: values)))
    return s
}

@Suite struct MuPDashboardTests {
    @Test func finishedSweepReadsSpreadTransferAndCoordinateGrowth() throws {
        let s = try mupState()
        let text = view(s, width: 80, height: 24).text()
        #expect(text.contains("SP · loss vs log₂ lr") && text.contains("spread ×8"))
        #expect(text.contains("muP · loss vs log₂ lr") && text.contains("spread ×1"))
        #expect(text.contains("coord check · |h2| after 1 step"))
        #expect(text.contains("-5  -6  -7  -8  ×8") && text.contains("-5  -5  -5  -5  ×1"))
        assertSnapshot(view(s, width: 80, height: 24), named: "app-mup-80x24")
        assertSnapshot(view(try mupState(w: 120, h: 36), width: 120, height: 36), named: "app-mup-120x36")
        assertSnapshot(view(s, width: 80, height: 24, monochrome: true), named: "app-mup-80x24-nocolor")
        assertSnapshot(view(try mupState(glyphs: .ascii), width: 80, height: 24), named: "app-mup-80x24-ascii")
    }

    @Test func keysChooseWhatTheCheckShowsAndRestartTheSweep() throws {
        var s = try mupState()
        #expect(press([.char("l")], on: &s).isEmpty && s.mup?.coordLayer == "out")
        #expect(press([.char("t")], on: &s).isEmpty && s.mup?.coordStep == 2)
        #expect(view(s, width: 80, height: 24).text().contains("|out| after 2 steps"))
        let effects = press([.char("i")], on: &s)
        #expect(s.mup?.config.readoutZeroInit == true && s.mup?.table.done == 0 && s.mup?.coordLayer == "out")
        #expect(effects == [.restartMuP(s.mup!.config)])
        #expect(s.bindings.contains { $0.keys == "i" } && !s.bindings.contains { $0.keys == "m" })
    }

    @Test func anEmptySweepSaysWhatItIsDoing() throws {
        let text = view(try state(mupYAML, "mup"), width: 80, height: 24).text()
        #expect(text.contains("training the first cells…") && text.contains("measuring…"))
    }
}

private let classifierYAML = "experiment: spiral-classifier\ndescription: t\nhidden: [16, 16]\nweight_ema: 0.99\nweight_ema_start: zero-corrected\n"
private let infonceYAML = "experiment: infonce\ndescription: t\nbatch: 512\naccumulate: 8\nembed_dim: 2\n"

/// Feeds a training run's events: info, metrics, evaluations every 100 steps and a snapshot.
private func feed(_ s: inout AppState, info: ExperimentInfo, groups: [String], evaluation: (Int) -> Evaluation, snapshot: Snapshot) {
    _ = update(&s, .trainer(.info(info)))
    _ = update(&s, .trainer(.groups(groups.map { GroupStatus(name: $0, kind: .adam, lr: 0.03125) })))
    for step in 1...1000 {
        let loss = Float(1.2 * exp(-Double(step) / 200) + 0.2 + 0.1 * Fixtures.wobble(step))
        _ = update(&s, .trainer(.metrics(StepMetrics(step: step, loss: loss, lossEMA: loss, lr: 0.03125, optimizer: .adam, batch: 32))))
        if step % 100 == 0 { _ = update(&s, .trainer(.evaluated(evaluation(step)))) }
    }
    _ = update(&s, .trainer(.snapshot(snapshot)))
}

/// Golden snapshots at 80×24 (colour and NO_COLOR) and 120×36.
private func snapshots(_ state: AppState, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) {
    var s = state
    assertSnapshot(view(s, width: 80, height: 24), named: "\(name)-80x24", sourceLocation: sourceLocation)
    assertSnapshot(view(s, width: 80, height: 24, monochrome: true), named: "\(name)-80x24-nocolor", sourceLocation: sourceLocation)
    s.width = 120
    s.height = 36
    assertSnapshot(view(s, width: 120, height: 36), named: "\(name)-120x36", sourceLocation: sourceLocation)
}

@Suite struct PracticeDashboardTests {
    @Test func classifierShowsTheWeightsAgainstTheirEMA() throws {
        var s = try state(classifierYAML, "ema")
        var info = ExperimentInfo(method: "classifier", totalSteps: 1000)
        info.weightEMA = 0.99
        var snap = Snapshot(step: 1000)
        let arm = { (k: Int) in (0..<60).flatMap { i -> [Float] in
            let t = Double(i) / 60, a = 4 * Double(k) + 4 * t
            return [Float(t * sin(a)), Float(t * cos(a))]
        } }
        snap.pointSets = [NamedPoints(name: "arm 1", points: arm(0)), NamedPoints(name: "arm 2", points: arm(1)),
                          NamedPoints(name: "arm 3", points: arm(2)), NamedPoints(name: "misclassified", points: Array(arm(1).prefix(8)))]
        feed(&s, info: info, groups: ["classifier"], evaluation: { step in
            let raw = 0.4 + 0.6 * exp(-Double(step) / 300) + 0.05 * Fixtures.wobble(step)
            return Evaluation(step: step, names: ["full_loss", "accuracy", "ema_full_loss", "ema_accuracy"],
                              values: [raw, 0.9, 0.45 * raw, 0.96])
        }, snapshot: snap)
        let text = view(s, width: 80, height: 24).text()
        #expect(text.contains("full-data loss · weights vs EMA") && text.contains("✕ 4 of 180 wrong"))
        #expect(text.contains("×0.45") && text.contains("EMA 96.0%"))
        snapshots(s, "app-ema")
    }

    @Test func infonceShowsTheGradientErrorAgainstKAndBothEmbeddings() throws {
        var s = try state(infonceYAML, "infonce")
        var snap = Snapshot(step: 1000)
        let circle = { (twist: Double) in (0..<200).flatMap { i -> [Float] in
            let a = 2 * Double.pi * Double(i) / 200 + twist * sin(Double(i))
            return [Float(cos(a)), Float(sin(a))]
        } }
        snap.pointSets = [NamedPoints(name: "exact", points: circle(0)), NamedPoints(name: "naive", points: circle(0.3))]
        snap.sampleGroups = (0..<200).map { UInt8($0 * 8 / 200) }
        let ks = [2, 4, 8, 16, 32, 64]
        feed(&s, info: ExperimentInfo(method: "InfoNCE", extraMetricNames: ["naive_loss"], totalSteps: 1000), groups: ["exact", "naive"], evaluation: { step in
            var e = Evaluation(step: step, names: ["exact_align", "exact_uniform", "naive_align", "naive_uniform"], values: [0.11, -1.52, 0.09, -1.31])
            for k in ks {
                e.append("naive_grad_relerr_\(k)", 0.03 * Double(k))
                e.append("naive_grad_cosine_\(k)", 1 - 0.002 * Double(k))
                e.append("exact_grad_relerr_\(k)", 2e-7)
                e.append("init_naive_grad_relerr_\(k)", 0.01 * Double(k))
            }
            return e
        }, snapshot: snap)
        let text = view(s, width: 80, height: 24).text()
        #expect(text.contains("gradient error vs micro-batches k") && text.contains("embeddings · exact | naive"))
        #expect(text.contains("naive k=8") && text.contains("∇ error 0.24"))
        snapshots(s, "app-infonce")
    }
}
